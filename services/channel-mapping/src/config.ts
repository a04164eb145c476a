// channel-mapping's configuration (environment variables, read once at start-up).
import { zohoBudgetEnvShape } from "@cliq/zoho-limiter";
import { z } from "zod";
import { baseEnvShape, envDuration, envInt } from "@cliq/runtime";

export const SERVICE_NAME = "channel-mapping";

export const configSchema = z.object({
  ...baseEnvShape,
  /** How long the organisation's channel list is reused before Zoho is asked again. */
  CHANNEL_CACHE_TTL_MS: envDuration({ min: 0, default: 60_000 }),
  /** Where a new mapping's first sync starts when the request names no backfill: 0 = now. */
  DEFAULT_BACKFILL_DAYS: envInt({ min: 0, max: 3_650, default: 0 }),
  /** The shared Zoho budget: the same variables (and defaults) as sync-worker's, see @cliq/zoho-limiter. */
  ...zohoBudgetEnvShape,
  /** Longest a channel request waits for the shared budget before the admin is told to retry. */
  ZOHO_MAX_WAIT_MS: envDuration({ min: 100, default: 20_000 }),
  /** Channels per Zoho page (Zoho's maximum is 100). */
  CHANNEL_PAGE_SIZE: envInt({ min: 1, max: 100, default: 100 }),
  /** Deadline of one Zoho HTTP exchange. */
  ZOHO_TIMEOUT_MS: envDuration({ min: 100, default: 15_000 }),
});

export type MappingConfig = z.infer<typeof configSchema>;
