// Cliq's per-user, per-endpoint threshold with a lock period (doc §3.1): fixed windows of
// windowMs; the request that exceeds perMinute locks the endpoint for that user for lockMs,
// and every request during the lock is throttled too. All tokens of one user share a budget.
import type { EndpointClass, RateLimitConfig } from "../types.ts";

type Bucket = { window: number; count: number; lockedUntil: number };

export class EndpointRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #config: () => Pick<RateLimitConfig, "perMinute" | "windowMs" | "lockMs">;

  constructor(config: () => Pick<RateLimitConfig, "perMinute" | "windowMs" | "lockMs">) {
    this.#config = config;
  }

  /** counts one request; false when it must get the throttle response. */
  allow(userId: string, cls: EndpointClass, now: number): boolean {
    const { perMinute, windowMs, lockMs } = this.#config();
    const key = `${userId}\u0000${cls}`;
    const window = Math.floor(now / windowMs);
    let b = this.#buckets.get(key);
    if (!b) {
      b = { window, count: 0, lockedUntil: 0 };
      this.#buckets.set(key, b);
    }
    if (now < b.lockedUntil) return false;
    // a lock shorter than the window does not refill the budget: the effective lock is
    // max(lockMs, rest of the window); lockMs 0 gives a plain fixed window
    if (b.window !== window) {
      b.window = window;
      b.count = 0;
    }
    b.count += 1;
    if (b.count > perMinute[cls]) {
      b.lockedUntil = now + lockMs;
      return false;
    }
    return true;
  }

  /** as if the budget had just run out: every request before `until` gets the throttle answer (an `until` in the past lifts a lock). */
  lock(userId: string, cls: EndpointClass, until: number): void {
    const key = `${userId}\u0000${cls}`;
    const b = this.#buckets.get(key) ?? { window: 0, count: 0, lockedUntil: 0 };
    b.lockedUntil = until;
    this.#buckets.set(key, b);
  }

  reset(): void {
    this.#buckets.clear();
  }
}
