// Book-keeping for the consumer loop's running handlers: the concurrency bound, the watchdog for
// silent handlers, and waiting for them on stop.
import type { Logger } from "../logger.ts";
import { exponentialBackoff } from "../util/time.ts";

/** Default redelivery delay after an unexpected error: the consumer's backoff steps, else 1 s doubling to 60 s. */
export function defaultRetryDelayMs(steps: readonly number[] | undefined, deliveryCount: number): number {
  if (steps !== undefined && steps.length > 0) return steps[Math.min(deliveryCount, steps.length) - 1]!;
  return exponentialBackoff(deliveryCount, 1_000, 60_000);
}

/**
 * The delay to put in nak() so redelivery happens `desiredMs` after a failure on delivery
 * `deliveryCount`. On a consumer with `backoff`, the server (verified on 2.9; reported the same on
 * later versions) adds backoff[n-1] - backoff[0] to a delayed nak, so that much is subtracted here;
 * a delay shorter than that addition cannot be had (the result is then 1 ms → effective = the addition).
 */
export function nakDelayMs(steps: readonly number[] | undefined, deliveryCount: number, desiredMs: number): number {
  if (steps === undefined || steps.length === 0) return Math.max(1, Math.round(desiredMs));
  const added = steps[Math.min(Math.max(deliveryCount, 1), steps.length) - 1]! - steps[0]!;
  return Math.max(1, Math.round(desiredMs - added));
}

type Entry = { done: Promise<void>; timer: NodeJS.Timeout; abandoned: boolean };

export class InFlight {
  private readonly entries = new Map<number, Entry>();
  private waiter: (() => void) | undefined;
  private nextKey = 1;
  /** Set when stop() timed out: late results are not acknowledged. */
  leaveUnacked = false;

  constructor(
    private readonly log: Logger,
    private readonly silenceLimitMs: number,
  ) {}

  /** Handlers holding a slot (abandoned silent handlers no longer do). */
  get active(): number {
    let n = 0;
    for (const e of this.entries.values()) if (!e.abandoned) n++;
    return n;
  }

  /** Starts `work` in a slot; `touch` (passed to work) restarts its silence timer. */
  run(info: Record<string, unknown>, work: (touch: () => void) => Promise<void>): void {
    const key = this.nextKey++;
    const timer = setTimeout(() => this.abandon(key, info), this.silenceLimitMs);
    timer.unref();
    const entry: Entry = { done: Promise.resolve(), timer, abandoned: false };
    this.entries.set(key, entry);
    entry.done = Promise.resolve()
      .then(() => work(() => timer.refresh()))
      .catch((err: unknown) => this.log.error({ ...info, err }, "message settlement failed"))
      .finally(() => {
        clearTimeout(timer);
        if (entry.abandoned) this.log.warn(info, "a handler given up on has finished");
        this.entries.delete(key);
        this.wake();
      });
  }

  private abandon(key: number, info: Record<string, unknown>): void {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.abandoned) return;
    entry.abandoned = true;
    this.log.error({ ...info, silentMs: this.silenceLimitMs }, "handler silent past ack_wait (no working()); freeing its slot, the server will redeliver");
    this.wake();
  }

  wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async waitForFreeSlot(limit: number, cancelled: () => boolean): Promise<void> {
    while (this.active >= limit && !cancelled()) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** Waits for every non-abandoned handler; false when `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const pending = [...this.entries.values()].filter((e) => !e.abandoned).map((e) => e.done);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = await Promise.race([Promise.all(pending).then(() => true), timedOut]);
    clearTimeout(timer);
    if (!finished) this.leaveUnacked = true;
    return finished;
  }
}
