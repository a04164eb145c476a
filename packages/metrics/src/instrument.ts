// Decorators that feed the product metrics from what a service already does, so wiring them is
// one line in a composition root: the sync worker's event publisher (run outcomes, durations,
// message counts) and the shared Zoho limiter (throttles, local queue depth).
import type { EventData, EventName } from "@cliq/contracts";
import type { Publisher } from "@cliq/runtime";
import type { Metrics } from "./metrics.ts";

type SyncMetrics = Pick<Metrics, "syncDuration" | "messagesFetched" | "messagesProcessed">;

/** Runs started but not yet finished, kept to time failed runs; bounded so a lost event cannot leak. */
const MAX_OPEN_RUNS = 10_000;

/**
 * A Publisher that records every sync run it announces: `sync.completed` (outcome, durationMs,
 * counts) and `sync.failed` (outcome "failed", duration from this process's `sync.started`).
 * Recorded only after the stream accepted the event, so a failed publish is not counted.
 */
export function instrumentPublisher(publisher: Publisher, metrics: SyncMetrics, now: () => number = Date.now): Publisher {
  const started = new Map<string, number>();
  const record = (name: EventName, data: unknown): void => {
    switch (name) {
      case "syncStarted": {
        const d = data as EventData<"syncStarted">;
        if (started.size >= MAX_OPEN_RUNS) started.delete(started.keys().next().value as string);
        started.set(`${d.jobId}:${d.attempt}`, now());
        return;
      }
      case "syncCompleted": {
        const d = data as EventData<"syncCompleted">;
        metrics.syncDuration.observe({ outcome: d.outcome }, d.durationMs / 1_000);
        metrics.messagesFetched.inc(d.messagesFetched);
        metrics.messagesProcessed.inc(d.messagesProcessed);
        for (const key of started.keys()) if (key.startsWith(`${d.jobId}:`)) started.delete(key);
        return;
      }
      case "syncFailed": {
        const d = data as EventData<"syncFailed">;
        const key = `${d.jobId}:${d.attempt}`;
        const at = started.get(key);
        started.delete(key);
        if (at !== undefined) metrics.syncDuration.observe({ outcome: "failed" }, Math.max(0, now() - at) / 1_000);
        metrics.messagesFetched.inc(d.messagesFetched);
        metrics.messagesProcessed.inc(d.messagesProcessed);
        return;
      }
      default:
        return;
    }
  };
  return {
    async publish(name, data, opts) {
      const envelope = await publisher.publish(name, data, opts);
      record(name, data);
      return envelope;
    },
  };
}

/** The one method of the shared Zoho limiter that is wrapped (structural, so this package does not depend on it). */
type Schedulable<C extends string> = { schedule<T>(cls: C, fn: () => Promise<T>, opts?: { signal?: AbortSignal }): Promise<T> };

export type InstrumentLimiterOptions<C extends string> = {
  /** Endpoint classes to report gauges for (e.g. ENDPOINT_CLASSES from @cliq/zoho-limiter). */
  classes: readonly C[];
  /** True for a Zoho throttle answer (e.g. `(err) => defaultThrottleLockMs(err) !== null`). */
  isThrottle: (err: unknown) => boolean;
  /** Requests left in the shared window, when the limiter can tell (Bottleneck's currentReservoir). */
  reservoir?: (cls: C) => Promise<number | null> | number | null;
};

/**
 * Wraps the limiter's schedule(): counts Zoho throttles per class and how many calls in this
 * process wait for a slot, and registers both with `metrics.observeLimiter`. Other methods are
 * reached through the prototype, unchanged.
 */
export function instrumentLimiter<C extends string, L extends Schedulable<C>>(limiter: L, metrics: Pick<Metrics, "throttles" | "observeLimiter">, opts: InstrumentLimiterOptions<C>): L {
  const waiting = new Map<C, number>(opts.classes.map((c) => [c, 0]));
  const add = (cls: C, n: number) => waiting.set(cls, (waiting.get(cls) ?? 0) + n);
  for (const cls of opts.classes) {
    metrics.observeLimiter(cls, async () => ({ queued: waiting.get(cls) ?? 0, reservoir: opts.reservoir ? await opts.reservoir(cls) : null }));
  }
  const wrapped = Object.create(limiter) as L;
  wrapped.schedule = async function schedule<T>(cls: C, fn: () => Promise<T>, scheduleOpts?: { signal?: AbortSignal }): Promise<T> {
    let queued = true;
    add(cls, 1);
    const leaveQueue = () => {
      if (queued) add(cls, -1);
      queued = false;
    };
    const counted = async (): Promise<T> => {
      leaveQueue();
      try {
        return await fn();
      } catch (err) {
        if (opts.isThrottle(err)) metrics.throttles.inc({ endpoint_class: cls });
        throw err;
      }
    };
    try {
      return await limiter.schedule(cls, counted, ...(scheduleOpts === undefined ? [] : [scheduleOpts]));
    } finally {
      leaveQueue();
    }
  };
  return wrapped;
}
