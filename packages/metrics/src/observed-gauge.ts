// A gauge whose series are read from callbacks at scrape time. A callback that throws or takes
// longer than the timeout drops its series from that scrape (a stale number would look healthy)
// and is counted, so a broken callback never breaks /metrics.
import { Gauge, type Registry } from "prom-client";

export type Observer<T> = { source: string; read: () => T | Promise<T> };
type Labels = Record<string, string>;
type Entry = { labels: Labels; read: () => Promise<unknown>; pick: (v: never) => number | null };

export type ObservedGauge = {
  /** Adds one series; `pick` turns the callback's value into the number (null = no series this scrape). */
  add<T>(labels: Labels, observer: Observer<T>, pick: (value: T) => number | null): void;
};

export type ObservedGaugeOptions = {
  name: string;
  help: string;
  labelNames: readonly string[];
  registers: Registry[];
  timeoutMs: number;
  onError: (source: string) => void;
};

/** Several gauges fed by one callback (queued + reservoir) share one read per scrape. */
const SHARED_READ_MS = 1_000;
const sharedReads = new WeakMap<object, { at: number; value: Promise<unknown> }>();

function readShared(observer: Observer<unknown>, timeoutMs: number, onError: (source: string) => void): Promise<unknown> {
  const cached = sharedReads.get(observer);
  if (cached !== undefined && Date.now() - cached.at < SHARED_READ_MS) return cached.value;
  const value = withTimeout(Promise.resolve().then(observer.read), timeoutMs);
  // Counted once per failed read, however many gauges it feeds; not reused: the next scrape retries.
  value.catch(() => {
    sharedReads.delete(observer);
    onError(observer.source);
  });
  sharedReads.set(observer, { at: Date.now(), value });
  return value;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`metric callback took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createObservedGauge(opts: ObservedGaugeOptions): ObservedGauge {
  const entries: Entry[] = [];
  const gauge: Gauge<string> = new Gauge({
    name: opts.name,
    help: opts.help,
    labelNames: opts.labelNames,
    registers: opts.registers,
    async collect() {
      await Promise.all(
        entries.map(async (e) => {
          let value: number | null = null;
          try {
            value = e.pick((await e.read()) as never);
          } catch {
            // counted by readShared
          }
          // remove(), not reset(): reset() gives a label-less gauge a made-up 0.
          if (value !== null && Number.isFinite(value)) gauge.set(e.labels, value);
          else gauge.remove(e.labels);
        }),
      );
    },
  });
  // Nothing observed yet: no series, rather than prom-client's default 0 for a label-less gauge.
  if (opts.labelNames.length === 0) gauge.remove({});
  return {
    add(labels, observer, pick) {
      entries.push({ labels, read: () => readShared(observer as Observer<unknown>, opts.timeoutMs, opts.onError), pick: pick as (v: never) => number | null });
    },
  };
}
