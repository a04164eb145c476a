import { describe, expect, it } from "vitest";
import { defaultRetryDelayMs, nakDelayMs } from "./in-flight.ts";

describe("defaultRetryDelayMs", () => {
  it("when the consumer has backoff steps, then the nth delivery waits the nth step, then the last", () => {
    const steps = [10, 20, 30];
    expect([1, 2, 3, 4, 9].map((n) => defaultRetryDelayMs(steps, n))).toEqual([10, 20, 30, 30, 30]);
  });
  it("when there are no steps, then the delay doubles from 1 s and caps at 60 s", () => {
    expect([1, 2, 3, 7, 20].map((n) => defaultRetryDelayMs(undefined, n))).toEqual([1_000, 2_000, 4_000, 60_000, 60_000]);
  });
});

describe("nakDelayMs", () => {
  it("when the consumer has no backoff, then the nak carries the desired delay", () => {
    expect(nakDelayMs(undefined, 3, 400)).toBe(400);
  });
  it("when the consumer has backoff, then the server's addition for that delivery is subtracted", () => {
    const steps = [1_000, 3_000, 6_000];
    expect(nakDelayMs(steps, 1, 500)).toBe(500);
    expect(nakDelayMs(steps, 2, 2_500)).toBe(500);
    expect(nakDelayMs(steps, 3, 5_500)).toBe(500);
    expect(nakDelayMs(steps, 7, 5_500)).toBe(500);
  });
  it("when the desired delay is shorter than the server's addition, then the smallest delayed nak is sent", () => {
    expect(nakDelayMs([1_000, 3_000], 2, 50)).toBe(1);
  });
});
