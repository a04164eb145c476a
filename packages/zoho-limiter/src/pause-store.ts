// "Paused until" per budget, kept in Redis so a throttle seen by one replica stops every replica.
// Times come from Redis (TIME), never from a replica's clock. Every pause is also published, and
// each process keeps the pauses it heard of locally: checking before each request costs no round
// trip, and a pause reaches every replica within one pub/sub hop. On (re)connect the local view is
// reloaded from the keys, so a pause set while a replica was away is not missed.
import type { Redis } from "ioredis";

// Extends the pause only forward: a shorter lock reported later never shortens a longer one.
// Returns the pause in force (ms) and publishes it.
const PAUSE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = current - now
if current < untilMs then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]))
  left = tonumber(ARGV[1])
end
redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. left)
return left
`;

const REMAINING_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > now then return current - now end
return 0
`;

export type PauseStore = {
  /** Pauses the budget for at least `ms` from now (every replica); resolves to the pause in force (ms). */
  pause(name: string, ms: number): Promise<number>;
  /** Milliseconds left of the pause as this process knows it (no round trip), 0 when none. */
  remaining(name: string): number;
  /** True while the pause notifications are being received. */
  listening(): boolean;
  /** Resolves once subscribed and loaded the first time. */
  ready: Promise<void>;
  close(): void;
};

export function createPauseStore(redis: Redis, keyPrefix: string, names: readonly string[], onError: (err: unknown) => void): PauseStore {
  const channel = `${keyPrefix}:pauses`;
  const localUntil = new Map<string, number>();
  const note = (name: string, leftMs: number) => {
    const until = Date.now() + leftMs;
    if (leftMs > 0 && until > (localUntil.get(name) ?? 0)) localUntil.set(name, until);
  };
  const key = (name: string) => `${keyPrefix}:${name}:paused-until`;

  const subscriber = redis.duplicate();
  subscriber.on("error", onError);
  subscriber.on("message", (_channel: string, message: string) => {
    const i = message.lastIndexOf(":");
    note(message.slice(0, i), Number(message.slice(i + 1)));
  });
  let loaded = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  // Subscribe first, then read the keys: a pause published in between is heard either way. The
  // main client may come up after the subscriber: keep trying until the keys are read.
  const load = (): void => {
    if (subscriber.status !== "ready") return;
    subscriber
      .subscribe(channel)
      .then(() => Promise.all(names.map(async (n) => note(n, Number(await redis.eval(REMAINING_SCRIPT, 1, key(n)))))))
      .then(() => {
        loaded = true;
        markReady();
      })
      .catch((err: unknown) => {
        if (redis.status === "ready") onError(err);
        setTimeout(load, 200).unref();
      });
  };
  subscriber.on("ready", () => {
    loaded = false;
    load();
  });

  return {
    async pause(name, ms) {
      const left = Number(await redis.eval(PAUSE_SCRIPT, 1, key(name), String(Math.max(1, Math.ceil(ms))), channel, name));
      note(name, left);
      return left;
    },
    remaining(name) {
      return Math.max(0, (localUntil.get(name) ?? 0) - Date.now());
    },
    listening: () => subscriber.status === "ready" && loaded,
    ready,
    close() {
      subscriber.disconnect();
    },
  };
}
