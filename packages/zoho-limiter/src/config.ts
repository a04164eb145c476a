// The shared Zoho budget's environment variables: one set, read the same way by every service
// that calls Zoho. The limiter's settings live in Redis and the last process to start writes
// them, so two services reading differently named variables (or different defaults) would
// quietly flip the organisation's budget between their values.
import { z } from "zod";
import { envDuration, envInt, envValue, MUST_BE } from "@cliq/runtime";
import { zohoBudgetId, type Budget, type EndpointClass } from "./budget.ts";
import type { ZohoLimiter } from "./limiter.ts";

/** A variable an earlier version read: still set, it stops start-up with its new name rather than being ignored. */
function renamed(to: string) {
  return z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (v !== undefined) ctx.addIssue({ code: "custom", message: `${MUST_BE}unset: it was renamed to ${to}` });
    })
    .transform(() => undefined);
}

export const zohoBudgetEnvShape = {
  /** GET chats/{id}/messages: 15 requests/min/user (doc §3.1). */
  ZOHO_MESSAGES_PER_MINUTE: envInt({ min: 1, default: 15 }),
  /** GET channels (the list): 30 requests/min/user. */
  ZOHO_CHANNELS_PER_MINUTE: envInt({ min: 1, default: 30 }),
  /** GET channels/{id}: 30 requests/min/user. */
  ZOHO_CHANNEL_PER_MINUTE: envInt({ min: 1, default: 30 }),
  /** The budgets' window: 60 s against Zoho; scaled down for tests and benchmarks. */
  ZOHO_RATE_WINDOW_MS: envDuration({ min: 100, default: 60_000 }),
  /** Head-room on request spacing, in percent of windowMs/perWindow. */
  ZOHO_RATE_MARGIN_PERCENT: envInt({ min: 0, max: 50, default: 3 }),
  /** Names the shared budget (one per Zoho connection) together with SUBJECT_PREFIX. */
  ZOHO_CONNECTION: envValue("a connection name (letters, digits, '.', '_', '-')", (raw) => (/^[A-Za-z0-9._-]{1,64}$/.test(raw) ? raw : undefined)).default("system"),
  MESSAGES_PER_MINUTE: renamed("ZOHO_MESSAGES_PER_MINUTE"),
  CHANNELS_PER_MINUTE: renamed("ZOHO_CHANNELS_PER_MINUTE and ZOHO_CHANNEL_PER_MINUTE"),
  ZOHO_LIMITER_ID: renamed("ZOHO_CONNECTION (the budget id is SUBJECT_PREFIX:ZOHO_CONNECTION)"),
};

/** A loaded configuration that includes the shape above (and the subject prefix the budget is named after). */
export type ZohoBudgetConfig = z.infer<z.ZodObject<typeof zohoBudgetEnvShape>> & { SUBJECT_PREFIX: string };

/** The createZohoLimiter options every service derives from the same variables. */
export function sharedBudgetOptions(config: ZohoBudgetConfig): { id: string; budgets: Record<EndpointClass, Budget>; spacingMargin: number } {
  const windowMs = config.ZOHO_RATE_WINDOW_MS;
  return {
    id: zohoBudgetId(config.SUBJECT_PREFIX, config.ZOHO_CONNECTION),
    budgets: {
      messages: { perWindow: config.ZOHO_MESSAGES_PER_MINUTE, windowMs },
      channels: { perWindow: config.ZOHO_CHANNELS_PER_MINUTE, windowMs },
      channel: { perWindow: config.ZOHO_CHANNEL_PER_MINUTE, windowMs },
    },
    spacingMargin: config.ZOHO_RATE_MARGIN_PERCENT / 100,
  };
}

/** Readiness check: a process that cannot reach the shared budget must not call Zoho. */
export function limiterCheck(limiter: Pick<ZohoLimiter, "isAvailable">): () => Promise<void> {
  return async () => {
    if (!limiter.isAvailable()) throw new Error("the shared Zoho rate budget (Redis) is unreachable");
  };
}
