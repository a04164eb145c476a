// Where the real servers are. Tests never mock PostgreSQL, NATS or Redis.
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cliq_sync_test";
export const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A short random token for per-test isolation (schema names, subject prefixes, limiter ids). */
export function uniqueId(label = "t"): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
