import { describe, expect, it } from "vitest";
import {
  backoffMs,
  isDue,
  MAX_MIN_VALIDITY_MS,
  refreshThreshold,
  spendBudget,
  timerShouldRefresh,
  ZOHO_REFRESH_WINDOW_MS,
} from "./refresh-policy.ts";

const now = Date.parse("2026-11-25T10:00:00Z");
const min = 60_000;
const limits = { budget: 8, windowMs: ZOHO_REFRESH_WINDOW_MS };

describe("when a token is due", () => {
  it("when the token expires within the margin, then it is due; outside it, not", () => {
    expect(isDue(new Date(now + 10 * min), now, 10 * min)).toBe(true);
    expect(isDue(new Date(now + 10 * min + 1), now, 10 * min)).toBe(false);
  });

  it("when a caller asks for more validity than the margin, then the threshold grows but is capped", () => {
    expect(refreshThreshold(10 * min)).toBe(10 * min);
    expect(refreshThreshold(10 * min, 20 * min)).toBe(20 * min);
    expect(refreshThreshold(10 * min, 60 * min)).toBe(MAX_MIN_VALIDITY_MS);
    expect(refreshThreshold(10 * min, 1)).toBe(10 * min);
  });
});

describe("refresh budget", () => {
  it("when fewer attempts than the budget sit in the window, then one more is allowed and logged", () => {
    const attempts = Array.from({ length: 7 }, (_, i) => new Date(now - i * min));
    const d = spendBudget(attempts, now, limits);
    expect(d.allowed).toBe(true);
    if (d.allowed) expect(d.attempts).toHaveLength(8);
  });

  it("when the budget is spent, then the next slot opens when the oldest attempt leaves the window", () => {
    const attempts = Array.from({ length: 8 }, (_, i) => new Date(now - i * min));
    const d = spendBudget(attempts, now, limits);
    expect(d).toEqual({ allowed: false, retryAt: new Date(now - 7 * min + ZOHO_REFRESH_WINDOW_MS), used: 8 });
  });

  it("when old attempts have left the window, then they are pruned and do not count", () => {
    const attempts = Array.from({ length: 8 }, (_, i) => new Date(now - ZOHO_REFRESH_WINDOW_MS - i * min));
    const d = spendBudget(attempts, now, limits);
    expect(d.allowed && d.attempts).toEqual([new Date(now)]);
  });

  it("when refreshes are requested back to back, then no sliding window ever holds more than the budget", () => {
    let log: Date[] = [];
    let t = now;
    let calls = 0;
    const callTimes: number[] = [];
    for (let i = 0; i < 200; i++, t += 15_000) {
      const d = spendBudget(log, t, limits);
      if (d.allowed) {
        log = d.attempts;
        calls++;
        callTimes.push(t);
      }
    }
    expect(calls).toBeGreaterThan(8);
    for (const start of callTimes) {
      expect(callTimes.filter((c) => c >= start && c < start + ZOHO_REFRESH_WINDOW_MS).length).toBeLessThanOrEqual(8);
    }
  });
});

describe("backoff and the timer", () => {
  it("when failures repeat, then the delay doubles up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(50)).toBe(5 * min);
  });

  it("when a retry is scheduled later, then the timer waits even though the token is due", () => {
    const row = { state: "connected" as const, expiresAt: new Date(now + min), nextRefreshNotBefore: new Date(now + 1) };
    expect(timerShouldRefresh(row, now, 10 * min)).toBe(false);
    expect(timerShouldRefresh({ ...row, nextRefreshNotBefore: null }, now, 10 * min)).toBe(true);
  });

  it("when re-consent is required, then the timer never refreshes", () => {
    const row = { state: "reauth_required" as const, expiresAt: new Date(now - min), nextRefreshNotBefore: null };
    expect(timerShouldRefresh(row, now, 10 * min)).toBe(false);
  });
});
