// The one shared Zoho rate budget: a Bottleneck limiter per endpoint class, clustered on Redis so
// every replica of every service draws from the same budget. All Bottleneck use lives in this
// package so it can be swapped without touching callers (bottleneck is unmaintained upstream).
import { setTimeout as sleep } from "node:timers/promises";
import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import { bottleneckSettings, DEFAULT_SPACING_MARGIN, ENDPOINT_CLASSES, validateBudget, type Budget, type EndpointClass } from "./budget.ts";
import { LimiterAbortedError, LimiterUnavailableError } from "./errors.ts";
import { createPauseStore } from "./pause-store.ts";

/** pino-compatible subset, so the package does not depend on the runtime package. */
export type LimiterLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type ZohoLimiterOptions = {
  redisUrl: string;
  /** Names the shared budget: every process with the same id shares it (e.g. `${prefix}:${location}`). */
  id: string;
  budgets: Record<EndpointClass, Budget>;
  logger: LimiterLogger;
  /** Extra spacing on top of windowMs/perWindow; default 0.03 (3 %). */
  spacingMargin?: number;
  /** The lock period a failure asks for, or null when it is not a throttle. Default: an error named *Throttled* with `lockMs`. */
  throttleLockMs?: (err: unknown) => number | null;
  /** How many throttles one schedule() call sits out before giving up; default 3. */
  maxThrottleRetries?: number;
};

export type ScheduleOptions = { signal?: AbortSignal };

export type ZohoLimiter = {
  /** Runs fn inside the class's shared budget; a throttle pauses every replica and fn is retried after the lock. */
  schedule<T>(cls: EndpointClass, fn: () => Promise<T>, opts?: ScheduleOptions): Promise<T>;
  /** Pauses the class's budget for every replica for at least ms. */
  pauseFor(cls: EndpointClass, ms: number): Promise<void>;
  /** Milliseconds left of a pause on the class, 0 when none. */
  pausedFor(cls: EndpointClass): Promise<number>;
  /** True while Redis answers: schedule() refuses (LimiterUnavailableError) otherwise. */
  isAvailable(): boolean;
  /** Resolves once connected and initialised; rejects after timeoutMs. */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

const PAUSED = Symbol("paused");
const ERROR_LOG_INTERVAL_MS = 10_000;

export function defaultThrottleLockMs(err: unknown): number | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as { name?: unknown; lockMs?: unknown };
  return typeof e.name === "string" && /Throttled/.test(e.name) && typeof e.lockMs === "number" ? e.lockMs : null;
}

/**
 * Bottleneck 2.19.5 rebuilds its Redis state only when a script fails with exactly
 * "SETTINGS_KEY_NOT_FOUND" (Redis restarted empty, or the keys expired) or "UNKNOWN_CLIENT".
 * Redis 7 reports script errors as "ERR SETTINGS_KEY_NOT_FOUND", so without this every schedule()
 * fails until the process restarts. Strip the prefix from exactly those two messages.
 */
const RECOVERABLE = new Set(["SETTINGS_KEY_NOT_FOUND", "UNKNOWN_CLIENT"]);
type ScriptCallback = (err: Error | null, replies: unknown) => void;
export function recoverableScriptErrors(connection: object): void {
  const conn = connection as { __scriptFn__(name: string): (...args: unknown[]) => unknown };
  const scriptFn = conn.__scriptFn__.bind(conn);
  // Bottleneck passes a node-style callback as the last argument and reads the outcome from it.
  conn.__scriptFn__ = (name) => {
    const run = scriptFn(name);
    return (...args) => {
      const cb = args[args.length - 1];
      if (typeof cb === "function") {
        args[args.length - 1] = ((err, replies) => {
          if (err !== null && err.message.startsWith("ERR ") && RECOVERABLE.has(err.message.slice(4))) err.message = err.message.slice(4);
          (cb as ScriptCallback)(err, replies);
        }) satisfies ScriptCallback;
      }
      return run(...args);
    };
  };
}

export function createZohoLimiter(opts: ZohoLimiterOptions): ZohoLimiter {
  for (const cls of ENDPOINT_CLASSES) validateBudget(cls, opts.budgets[cls]);
  const log = opts.logger;
  const margin = opts.spacingMargin ?? DEFAULT_SPACING_MARGIN;
  const throttleLockMs = opts.throttleLockMs ?? defaultThrottleLockMs;
  const maxThrottleRetries = opts.maxThrottleRetries ?? 3;

  // Fail fast instead of queueing commands while Redis is away: a queued command would let a
  // request through late, outside the budget's bookkeeping.
  const redis = new Redis(opts.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  const connection = new Bottleneck.IORedisConnection({ client: redis, Redis });
  recoverableScriptErrors(connection);
  let lastErrorLog = 0;
  const logError = (err: unknown, what: string) => {
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    log.warn({ err, limiter: opts.id }, `rate limiter: ${what}`);
  };
  connection.on("error", (err) => logError(err, "Redis connection error"));
  const keyFor = (cls: EndpointClass) => `zoho-limiter:${opts.id}:${cls}`;
  const pauses = createPauseStore(redis, `zoho-limiter:${opts.id}`, ENDPOINT_CLASSES, (err) => logError(err, "pause notifications"));

  const cancellers = new Set<(err: Error) => void>();
  redis.on("close", () => {
    const err = new LimiterUnavailableError("the shared Zoho rate budget is unavailable (Redis connection lost)");
    for (const cancel of [...cancellers]) cancel(err);
  });

  const limiters = {} as Record<EndpointClass, Bottleneck>;
  const initialised: Promise<void>[] = [];
  for (const cls of ENDPOINT_CLASSES) {
    const settings = bottleneckSettings(opts.budgets[cls], margin);
    const limiter = new Bottleneck({
      id: keyFor(cls),
      datastore: "ioredis",
      connection,
      clearDatastore: false,
      ...settings,
      maxConcurrent: null,
      heartbeatInterval: 250,
      // Idle budgets disappear from Redis on their own (many test ids, renamed deployments).
      timeout: Math.max(10 * opts.budgets[cls].windowMs, 600_000),
    });
    limiter.on("error", (err: unknown) => logError(err, `${cls} limiter error`));
    limiters[cls] = limiter;
    // Settings of an existing shared budget stay in Redis; apply this process's budget without
    // touching the current reservoir (resetting it would hand out a fresh window on every start).
    const { reservoir: _r, ...shape } = settings;
    initialised.push(limiter.ready().then(() => limiter.updateSettings(shape)).then(() => undefined));
  }
  const allReady = Promise.all([...initialised, pauses.ready]).then(() => undefined);
  allReady.catch((err: unknown) => logError(err, "initialisation failed"));

  function ensureAvailable(): void {
    if (redis.status !== "ready") throw new LimiterUnavailableError(`the shared Zoho rate budget is unavailable (Redis ${redis.status})`);
    if (!pauses.listening()) throw new LimiterUnavailableError("the shared Zoho rate budget is unavailable (not yet listening for throttle pauses)");
  }

  /** Races a Redis-backed promise against losing Redis or the caller's abort. */
  function guarded<T>(p: Promise<T>, signal: AbortSignal | undefined, onCancel: () => void = () => undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = (err: Error) => {
        cleanup();
        onCancel();
        reject(err);
      };
      const onAbort = () => cancel(new LimiterAbortedError("aborted while waiting for the Zoho rate budget"));
      const cleanup = () => {
        cancellers.delete(cancel);
        signal?.removeEventListener("abort", onAbort);
      };
      if (signal?.aborted) return onAbort();
      cancellers.add(cancel);
      signal?.addEventListener("abort", onAbort, { once: true });
      p.then(
        (v) => {
          cleanup();
          resolve(v);
        },
        (err: unknown) => {
          cleanup();
          reject(err instanceof Error && !(err instanceof LimiterUnavailableError) && redis.status !== "ready" ? new LimiterUnavailableError(err.message, { cause: err }) : err);
        },
      );
    });
  }

  async function waitOutPause(cls: EndpointClass, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      ensureAvailable();
      const left = pauses.remaining(cls);
      if (left <= 0) return;
      await sleep(left, undefined, signal === undefined ? {} : { signal }).catch(() => {
        throw new LimiterAbortedError("aborted while the Zoho budget was paused");
      });
    }
  }

  async function scheduleOnce<T>(cls: EndpointClass, fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof PAUSED> {
    await waitOutPause(cls, signal);
    ensureAvailable();
    let wanted = true;
    // If the caller gave up (Redis lost, aborted), a slot granted later must not call Zoho.
    const job = async (): Promise<{ value: T } | typeof PAUSED> => {
      if (!wanted) return PAUSED;
      // A throttle may have paused the budget while this request queued.
      if (pauses.remaining(cls) > 0) return PAUSED;
      return { value: await fn() };
    };
    const outcome = await guarded(limiters[cls].schedule(job), signal, () => {
      wanted = false;
    });
    return outcome === PAUSED ? PAUSED : outcome.value;
  }

  return {
    async schedule(cls, fn, scheduleOpts = {}) {
      let throttles = 0;
      for (;;) {
        try {
          const result = await scheduleOnce(cls, fn, scheduleOpts.signal);
          if (result !== PAUSED) return result;
        } catch (err) {
          const lockMs = throttleLockMs(err);
          if (lockMs === null || throttles >= maxThrottleRetries) throw err;
          throttles++;
          const inForce = await guarded(pauses.pause(cls, lockMs), scheduleOpts.signal);
          log.warn({ limiter: opts.id, cls, lockMs, pausedForMs: inForce, throttles }, "Zoho throttled the request; the shared budget is paused for every replica");
        }
      }
    },
    async pauseFor(cls, ms) {
      ensureAvailable();
      await guarded(pauses.pause(cls, ms), undefined);
    },
    async pausedFor(cls) {
      ensureAvailable();
      return pauses.remaining(cls);
    },
    isAvailable: () => redis.status === "ready" && pauses.listening(),
    async ready(timeoutMs = 10_000) {
      const ac = new AbortController();
      const timer = sleep(timeoutMs, "timeout" as const, { signal: ac.signal }).catch(() => "ok" as const);
      const winner = await Promise.race([allReady.then(() => "ok" as const), timer]);
      ac.abort();
      if (winner === "timeout") throw new LimiterUnavailableError(`the shared Zoho rate budget is not ready after ${timeoutMs} ms (Redis ${redis.status})`);
    },
    async stop() {
      // The shared connection stops every limiter's heartbeat and closes both Redis clients.
      pauses.close();
      await Promise.resolve(connection.disconnect(redis.status === "ready")).catch(() => undefined);
      redis.disconnect();
    },
  };
}
