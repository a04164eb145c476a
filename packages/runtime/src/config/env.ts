// Builders for environment-variable fields. Each failure message reads after the variable name
// ("NATS_URL must be a nats:// URL"), which is how loadConfig() builds its one-line error.
import { z } from "zod";
import { prefixSchema } from "@cliq/contracts";

/** Marks a message written to follow "<VARIABLE> ". loadConfig() relies on it. */
export const MUST_BE = "must be ";

/** A string variable parsed by `parse`; `undefined` from `parse` means invalid and reports `expected`. */
export function envValue<T>(expected: string, parse: (raw: string) => T | undefined) {
  return z.string().transform((raw, ctx) => {
    const value = parse(raw.trim());
    if (value === undefined) {
      ctx.issues.push({ code: "custom", message: MUST_BE + expected, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

/** A URL whose scheme is one of `protocols` (given without "://", e.g. ["nats", "tls"]). */
export function envUrl(protocols: readonly string[]) {
  const schemes = protocols.map((p) => p.replace(/:(\/\/)?$/, "").toLowerCase());
  const expected = `a ${schemes.map((s) => `${s}://`).join(" or ")} URL`;
  return envValue(expected, (raw) => {
    try {
      const url = new URL(raw);
      return schemes.includes(url.protocol.slice(0, -1).toLowerCase()) && url.host !== "" ? raw : undefined;
    } catch {
      return undefined;
    }
  });
}

type Range = { min?: number; max?: number };

function describeRange(noun: string, { min, max }: Range): string {
  if (min !== undefined && max !== undefined) return `${noun} between ${min} and ${max}`;
  if (min !== undefined) return `${noun} of at least ${min}`;
  if (max !== undefined) return `${noun} of at most ${max}`;
  return noun;
}

const inRange = (n: number, { min, max }: Range) => (min === undefined || n >= min) && (max === undefined || n <= max);

/** An integer, optionally bounded; without `default` the variable is required. */
export function envInt(opts: Range & { default?: number } = {}) {
  const schema = envValue(describeRange("an integer", opts), (raw) => {
    if (!/^-?\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return Number.isSafeInteger(n) && inRange(n, opts) ? n : undefined;
  });
  return opts.default === undefined ? schema : schema.default(opts.default);
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** true/false (also 1/0, yes/no, on/off); without a default the variable is required. */
export function envBool(defaultValue?: boolean) {
  const schema = envValue("true or false", (raw) => {
    const v = raw.toLowerCase();
    return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
  });
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

/** One of `values`; without a default the variable is required. */
export function envEnum<const V extends readonly [string, ...string[]]>(values: V, defaultValue?: V[number]) {
  const schema = z.enum(values, { error: `${MUST_BE}one of ${values.join(", ")}` });
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `1500`, `1500ms`, `30s`, `5m`, `1h`, `1d` into integer milliseconds; undefined when invalid. */
export function parseDurationMs(raw: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[(m[2] ?? "ms") as keyof typeof UNIT_MS];
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * A duration in integer milliseconds: a plain number of ms or a number with a unit (ms, s, m, h, d).
 * `envDuration(30_000)` is shorthand for `envDuration({ default: 30_000 })`.
 */
export function envDuration(opts: number | (Range & { default?: number }) = {}) {
  const o = typeof opts === "number" ? { default: opts } : opts;
  const range = describeRange("a duration (ms, or with a unit: 500ms, 30s, 5m, 1h)", {
    ...(o.min === undefined ? {} : { min: o.min }),
    ...(o.max === undefined ? {} : { max: o.max }),
  });
  const schema = envValue(range, (raw) => {
    const ms = parseDurationMs(raw);
    return ms !== undefined && inRange(ms, o) ? ms : undefined;
  });
  return o.default === undefined ? schema : schema.default(o.default);
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The variables every service reads; spread into a service's own `z.object({...})`. */
export const baseEnvShape = {
  NATS_URL: envUrl(["nats", "tls", "ws", "wss"]).default("nats://127.0.0.1:4222"),
  DATABASE_URL: envUrl(["postgresql", "postgres"]).default("postgresql://postgres@127.0.0.1:5432/cliq_sync"),
  DB_SCHEMA: envValue("a schema name (letters, digits and '_', not starting with a digit)", (raw) =>
    /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(raw) ? raw : undefined,
  ).optional(),
  REDIS_URL: envUrl(["redis", "rediss"]).default("redis://127.0.0.1:6379"),
  SUBJECT_PREFIX: envValue("a subject prefix of letters, digits, '_' or '-' (at most 32 characters)", (raw) =>
    prefixSchema.safeParse(raw).success ? raw : undefined,
  ).default(""),
  LOG_LEVEL: envEnum(LOG_LEVELS, "info"),
  HEALTH_PORT: envInt({ min: 0, max: 65_535, default: 0 }),
  /** Where the health server listens; 0.0.0.0 in a container so the kubelet can probe it. */
  HEALTH_HOST: envValue("a host name or IP address", (raw) => (/^[A-Za-z0-9.:_-]{1,253}$/.test(raw) ? raw : undefined)).default("127.0.0.1"),
};
