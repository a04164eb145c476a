// channel-mapping's configuration (environment variables, read once at start-up).
import { zohoBudgetId } from "@cliq/zoho-limiter";
import { z } from "zod";
import { baseEnvShape, envDuration, envInt, envValue } from "@cliq/runtime";

export const SERVICE_NAME = "channel-mapping";

export const configSchema = z.object({
  ...baseEnvShape,
  /** How long the organisation's channel list is reused before Zoho is asked again. */
  CHANNEL_CACHE_TTL_MS: envDuration({ min: 0, default: 60_000 }),
  /** Where a new mapping's first sync starts when the request names no backfill: 0 = now. */
  DEFAULT_BACKFILL_DAYS: envInt({ min: 0, max: 3_650, default: 0 }),
  /** Zoho budget for GET /channels and GET /channels/{id} (each 30 requests/min/user, doc §3.1). */
  CHANNELS_PER_MINUTE: envInt({ min: 1, max: 6_000, default: 30 }),
  /** The messages budget (15/min/user); the shared limiter takes every class's budget from each process, so it must match sync-worker's. */
  MESSAGES_PER_MINUTE: envInt({ min: 1, max: 6_000, default: 15 }),
  /** Names the shared Zoho budget in Redis: every service calling Zoho for this organisation uses the same id. Default: zohoBudgetId(SUBJECT_PREFIX), as sync-worker. */
  ZOHO_LIMITER_ID: envValue("a limiter id of letters, digits, ':', '_' or '-'", (raw) => (/^[A-Za-z0-9:_-]{1,100}$/.test(raw) ? raw : undefined)).optional(),
  /** Longest a channel request waits for the shared budget before the admin is told to retry. */
  ZOHO_MAX_WAIT_MS: envDuration({ min: 100, default: 20_000 }),
  /** Channels per Zoho page (Zoho's maximum is 100). */
  CHANNEL_PAGE_SIZE: envInt({ min: 1, max: 100, default: 100 }),
  /** Deadline of one Zoho HTTP exchange. */
  ZOHO_TIMEOUT_MS: envDuration({ min: 100, default: 15_000 }),
});

export type MappingConfig = z.infer<typeof configSchema>;

export function limiterIdFor(config: Pick<MappingConfig, "ZOHO_LIMITER_ID" | "SUBJECT_PREFIX">): string {
  // Same default as sync-worker (zohoBudgetId), so the channel list and the message fetches share one budget.
  return config.ZOHO_LIMITER_ID ?? zohoBudgetId(config.SUBJECT_PREFIX);
}
