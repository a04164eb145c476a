import { describe, expect, it } from "vitest";
import { EndpointRateLimiter } from "./rate-limiter.ts";

const config = { perMinute: { messages: 3, channels: 5, channel: 5 }, windowMs: 1_000, lockMs: 5_000 };

describe("EndpointRateLimiter", () => {
  it("when a user exceeds the per-window budget, then that request and every request during the lock are refused", () => {
    const rl = new EndpointRateLimiter(() => config);
    const t0 = 10_000;
    expect([1, 2, 3].map(() => rl.allow("u", "messages", t0))).toEqual([true, true, true]);
    expect(rl.allow("u", "messages", t0 + 10)).toBe(false);
    // a fresh window does not end the lock
    expect(rl.allow("u", "messages", t0 + 2_500)).toBe(false);
    expect(rl.allow("u", "messages", t0 + 10 + 4_999)).toBe(false);
    expect(rl.allow("u", "messages", t0 + 10 + 5_000)).toBe(true);
  });

  it("when the lock is shorter than the window, then the budget stays spent until the window ends", () => {
    const rl = new EndpointRateLimiter(() => ({ ...config, lockMs: 0 }));
    for (let i = 0; i < 3; i++) expect(rl.allow("u", "messages", 40_000)).toBe(true);
    expect(rl.allow("u", "messages", 40_001)).toBe(false);
    expect(rl.allow("u", "messages", 40_999)).toBe(false);
    expect(rl.allow("u", "messages", 41_000)).toBe(true);
  });

  it("when the window rolls over without exceeding, then the count starts again", () => {
    const rl = new EndpointRateLimiter(() => config);
    for (let i = 0; i < 3; i++) expect(rl.allow("u", "messages", 20_000)).toBe(true);
    for (let i = 0; i < 3; i++) expect(rl.allow("u", "messages", 21_000)).toBe(true);
  });

  it("when one user is locked on one endpoint class, then other classes and other users are unaffected", () => {
    const rl = new EndpointRateLimiter(() => config);
    for (let i = 0; i < 4; i++) rl.allow("u", "messages", 30_000);
    expect(rl.allow("u", "messages", 30_001)).toBe(false);
    expect(rl.allow("u", "channels", 30_001)).toBe(true);
    expect(rl.allow("v", "messages", 30_001)).toBe(true);
  });

  it("when an endpoint is locked on purpose, then it is refused until the lock ends, other classes stay open, and a lock in the past lifts it", () => {
    const rl = new EndpointRateLimiter(() => config);
    rl.lock("u", "messages", 20_000);
    expect(rl.allow("u", "messages", 19_999)).toBe(false);
    expect(rl.allow("u", "channels", 19_999)).toBe(true);
    expect(rl.allow("u", "messages", 20_000)).toBe(true);
    rl.lock("u", "channels", 30_000);
    rl.lock("u", "channels", 0);
    expect(rl.allow("u", "channels", 21_000)).toBe(true);
  });
});
