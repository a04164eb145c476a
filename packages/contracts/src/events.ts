// Every event payload, keyed by event name. Subjects come from EVENT_SUBJECTS, streams from streams.ts.
import { z } from "zod";
import { cursorSchema, isoDate, jobType, userId, uuid, zohoChannelId } from "./common.ts";
import { errorCodeSchema } from "./errors.ts";
import type { EventName } from "./subjects.ts";

const jobRef = { jobId: uuid, mappingId: uuid };

/**
 * Something the run could not do that the job must show (never skipped silently): a millisecond of
 * a chat holding more messages than one Zoho page can return is unreachable through the API
 * (zoho-cliq-api.md §2.6); `seen` is how many of them were read.
 */
export const SYNC_WARNING_CODES = ["unreachable_messages"] as const;
export const syncWarning = z.object({
  code: z.enum(SYNC_WARNING_CODES),
  chatId: z.string().min(1),
  /** The millisecond (epoch ms). */
  time: z.number().int().nonnegative(),
  seen: z.number().int().nonnegative(),
  message: z.string(),
});
export type SyncWarning = z.infer<typeof syncWarning>;
const warnings = z.array(syncWarning).max(100).optional();

export const syncRequested = z.object({
  ...jobRef,
  jobType,
  requestedAt: isoDate,
  requestedBy: userId.optional(),
  retryOf: uuid.optional(),
  /** Set on a run queued because the previous one hit the per-run cap. */
  continuationOf: uuid.optional(),
  /** Scheduled runs: the schedule slot (ISO time) this request belongs to. */
  slot: isoDate.optional(),
});

export const syncStarted = z.object({
  ...jobRef,
  workerId: z.string().min(1),
  attempt: z.number().int().positive(),
  cursor: cursorSchema,
  /** Where a resumed backward walk goes on from (the oldest millisecond it had delivered). */
  frontier: cursorSchema.optional(),
  startedAt: isoDate,
});

export const syncProgress = z.object({
  ...jobRef,
  messagesFetched: z.number().int().nonnegative(),
  messagesProcessed: z.number().int().nonnegative(),
  cursor: cursorSchema,
  /**
   * During a backward walk (newest first): how far down it has delivered — the oldest delivered
   * millisecond and the ids at it. The cursor moves to the walk's top only when the walk ends.
   */
  frontier: cursorSchema.optional(),
  warnings,
});

export const SYNC_OUTCOMES = ["synced", "skipped", "coalesced"] as const;
export const syncCompleted = z.object({
  ...jobRef,
  outcome: z.enum(SYNC_OUTCOMES),
  /** Why a run was skipped or coalesced (paused, deleted, already running, nothing new …). */
  reason: z.string().optional(),
  messagesFetched: z.number().int().nonnegative(),
  messagesProcessed: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  cursor: cursorSchema,
  lastMessageTime: isoDate.nullable(),
  /** True when the per-run cap was hit and a continuation was queued. */
  continued: z.boolean(),
  finishedAt: isoDate,
  warnings,
});

export const syncFailed = z.object({
  ...jobRef,
  code: errorCodeSchema,
  message: z.string(),
  retryable: z.boolean(),
  attempt: z.number().int().positive(),
  /** No further delivery will be attempted for this job. */
  final: z.boolean(),
  /** The mapping needs an admin (reconnect, channel removed, access denied). */
  needsAdmin: z.boolean(),
  messagesFetched: z.number().int().nonnegative(),
  messagesProcessed: z.number().int().nonnegative(),
  failedAt: isoDate,
  warnings,
});

export const tokenRefreshed = z.object({ version: z.number().int().positive(), expiresAt: isoDate, location: z.string() });
export const tokenRevoked = z.object({ by: userId.optional(), reason: z.string() });
export const authFailed = z.object({
  code: errorCodeSchema,
  message: z.string(),
  state: z.literal("reauth_required"),
});

const mappingRef = { mappingId: uuid, clientId: uuid, roomId: uuid, zohoChannelId, by: userId };
export const mappingCreated = z.object({
  ...mappingRef,
  zohoChatId: z.string(),
  zohoChannelName: z.string(),
  syncFrom: isoDate,
});
export const mappingDeleted = z.object(mappingRef);
export const mappingPaused = z.object(mappingRef);
export const mappingResumed = z.object(mappingRef);

export const EVENT_SCHEMAS = {
  syncRequested,
  syncStarted,
  syncProgress,
  syncCompleted,
  syncFailed,
  tokenRefreshed,
  tokenRevoked,
  authFailed,
  mappingCreated,
  mappingDeleted,
  mappingPaused,
  mappingResumed,
} as const satisfies Record<EventName, z.ZodType>;

export type EventData<N extends EventName> = z.infer<(typeof EVENT_SCHEMAS)[N]>;
