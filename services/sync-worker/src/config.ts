// sync-worker configuration, read once from the environment (see README.md for each variable).
import { hostname } from "node:os";
import { z } from "zod";
import { zohoBudgetEnvShape } from "@cliq/zoho-limiter";
import { baseEnvShape, envDuration, envInt, envUrl, envValue } from "@cliq/runtime";
import { assertTimeZone } from "./domain/transcript/index.ts";

const timeZone = envValue("an IANA time zone such as UTC or Europe/Berlin", (raw) => {
  try {
    assertTimeZone(raw);
    return raw;
  } catch {
    return undefined;
  }
});

export const configSchema = z.object({
  ...baseEnvShape,
  INGEST_URL: envUrl(["http", "https"]),
  INGEST_TOKEN: z.string().min(1),
  INGEST_TIMEOUT_MS: envDuration({ min: 100, default: 15_000 }),
  INGEST_ATTEMPTS: envInt({ min: 1, max: 20, default: 5 }),
  WORKER_ID: envValue("a worker name (letters, digits, '.', '_', '-')", (raw) => (/^[A-Za-z0-9._-]{1,100}$/.test(raw) ? raw : undefined)).optional(),
  WORKER_CONCURRENCY: envInt({ min: 1, max: 32, default: 2 }),
  LEASE_TTL_MS: envDuration({ min: 300, default: 60_000 }),
  MAX_MESSAGES_PER_RUN: envInt({ min: 100, default: 10_000 }),
  ...zohoBudgetEnvShape,
  /** The lock assumed after a throttle (Zoho sends no Retry-After; doc §3.1: 5–10 min). */
  ZOHO_THROTTLE_LOCK_MS: envDuration({ min: 100, default: 600_000 }),
  ZOHO_TIMEOUT_MS: envDuration({ min: 100, default: 15_000 }),
  TRANSCRIPT_TIMEZONE: timeZone.default("UTC"),
  /** Redelivery delay after the first retryable failure (doubling per delivery, capped at 10 min). */
  RETRY_BASE_DELAY_MS: envDuration({ min: 100, default: 30_000 }),
});

export type WorkerConfig = z.infer<typeof configSchema>;

export function defaultWorkerId(): string {
  return `${hostname()}-${process.pid}`;
}
