import { describe, expect, it } from "vitest";
import { bottleneckSettings, validateBudget, worstCaseInWindow } from "./budget.ts";

describe("bottleneckSettings", () => {
  it("when the budget is Zoho's 15 messages per minute, then requests are spaced 4 s apart plus the margin", () => {
    const s = bottleneckSettings({ perWindow: 15, windowMs: 60_000 }, 0.03);
    expect(s).toEqual({ reservoir: 15, reservoirRefreshAmount: 15, reservoirRefreshInterval: 60_000, minTime: 4_120 });
  });

  it("when requests run at full speed, then no window of windowMs, however aligned, holds more than the budget", () => {
    for (const b of [
      { perWindow: 15, windowMs: 60_000 },
      { perWindow: 30, windowMs: 60_000 },
      { perWindow: 15, windowMs: 3_000 },
      { perWindow: 7, windowMs: 1_000 },
    ]) {
      expect(worstCaseInWindow(bottleneckSettings(b, 0), b.windowMs)).toBeLessThanOrEqual(b.perWindow);
      expect(worstCaseInWindow(bottleneckSettings(b), b.windowMs)).toBeLessThanOrEqual(b.perWindow);
    }
  });

  it("when the margin is the default, then at least 95 % of the budget stays usable", () => {
    const s = bottleneckSettings({ perWindow: 15, windowMs: 60_000 });
    expect(60_000 / s.minTime / 15).toBeGreaterThanOrEqual(0.95);
  });

  it("when the budget is more than one request per millisecond, then requests are not spaced and the reservoir alone bounds a window", () => {
    const s = bottleneckSettings({ perWindow: 10_000_000, windowMs: 60_000 });
    expect(s.minTime).toBe(0);
    expect(worstCaseInWindow(s, 60_000)).toBe(20_000_000);
    expect(bottleneckSettings({ perWindow: 60_000, windowMs: 60_000 }).minTime).toBe(2);
  });

  it("when a budget is not a positive integer, then the error names the class and the field", () => {
    expect(() => validateBudget("messages", { perWindow: 0, windowMs: 60_000 })).toThrow(/messages: perWindow/);
    expect(() => validateBudget("channels", { perWindow: 30, windowMs: 1.5 })).toThrow(/channels: windowMs/);
  });
});
