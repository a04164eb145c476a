import { afterEach, describe, expect, it } from "vitest";
import { REDIS_URL, uniqueId } from "@cliq/testkit";
import { Redis } from "ioredis";
import { createZohoLimiter, type ZohoLimiter } from "./limiter.ts";
import { LimiterUnavailableError } from "./errors.ts";
import type { Budget } from "./budget.ts";

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const open: ZohoLimiter[] = [];

function limiter(id: string, messages: Budget, redisUrl = REDIS_URL, spacingMargin?: number): ZohoLimiter {
  const l = createZohoLimiter({
    redisUrl,
    ...(spacingMargin === undefined ? {} : { spacingMargin }),
    id,
    budgets: { messages, channels: { perWindow: 30, windowMs: 60_000 }, channel: { perWindow: 30, windowMs: 60_000 } },
    logger: quiet,
  });
  open.push(l);
  return l;
}

class FakeThrottledError extends Error {
  override readonly name = "ZohoThrottledError";
  constructor(readonly lockMs: number) {
    super("throttled");
  }
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.stop()));
});

describe("shared Zoho rate budget", () => {
  it("when Redis loses the budget's keys (restarted empty), then the next request rebuilds them instead of failing", async () => {
    const id = uniqueId("lim");
    const l = limiter(id, { perWindow: 100, windowMs: 1_000 });
    await l.ready();
    expect(await l.schedule("messages", async () => "first")).toBe("first");
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`*${id}*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect(await l.schedule("messages", async () => "after the flush")).toBe("after the flush");
  });

  it("when two processes share one budget id, then together they never start more than perWindow requests in any window", async () => {
    const id = uniqueId("lim");
    const budget = { perWindow: 4, windowMs: 2_000 };
    // a 10 % margin (220 ms per window) absorbs timers firing late on a busy test machine
    const a = limiter(id, budget, REDIS_URL, 0.1);
    const b = limiter(id, budget, REDIS_URL, 0.1);
    await Promise.all([a.ready(), b.ready()]);
    const starts: number[] = [];
    const call = (l: ZohoLimiter) => l.schedule("messages", async () => void starts.push(Date.now()));
    await Promise.all([...Array.from({ length: 5 }, () => call(a)), ...Array.from({ length: 5 }, () => call(b))]);
    starts.sort((x, y) => x - y);
    expect(starts).toHaveLength(10);
    for (let i = 0; i + budget.perWindow < starts.length; i++) {
      // the (perWindow+1)-th request after any request starts at least a window later
      expect((starts[i + budget.perWindow] as number) - (starts[i] as number)).toBeGreaterThanOrEqual(budget.windowMs);
    }
  });

  it("when one process sees a throttle, then every process waits out the lock and the request is retried, not failed", async () => {
    const id = uniqueId("lim");
    const budget = { perWindow: 50, windowMs: 1_000 };
    const a = limiter(id, budget);
    const b = limiter(id, budget);
    await Promise.all([a.ready(), b.ready()]);
    let calls = 0;
    const t0 = Date.now();
    const first = a.schedule("messages", async () => {
      calls++;
      if (calls === 1) throw new FakeThrottledError(800);
      return "ok";
    });
    await new Promise((r) => setTimeout(r, 100));
    const other = b.schedule("messages", async () => Date.now() - t0);
    expect(await first).toBe("ok");
    expect(calls).toBe(2);
    expect(await other).toBeGreaterThanOrEqual(750);
  });

  it("when a budget is paused, then the pause is visible to every process and only ever extended", async () => {
    const id = uniqueId("lim");
    const a = limiter(id, { perWindow: 15, windowMs: 3_000 });
    const b = limiter(id, { perWindow: 15, windowMs: 3_000 });
    await Promise.all([a.ready(), b.ready()]);
    await a.pauseFor("messages", 5_000);
    await b.pauseFor("messages", 1_000);
    expect(await b.pausedFor("messages")).toBeGreaterThan(4_000);
    expect(await b.pausedFor("channels")).toBe(0);
  });

  it("when Redis is unreachable, then schedule refuses at once instead of calling Zoho unmetered", async () => {
    const l = limiter(uniqueId("lim"), { perWindow: 15, windowMs: 3_000 }, "redis://127.0.0.1:1");
    let called = false;
    await expect(
      l.schedule("messages", async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(LimiterUnavailableError);
    expect(called).toBe(false);
    await expect(l.ready(300)).rejects.toBeInstanceOf(LimiterUnavailableError);
  });
});
