// Which mappings a sweep requests, and why it skips the others. Pure: the sweep feeds it one
// page of mappings at a time plus the channel activity the planner read.
import { slotFor } from "./slot.ts";
import { scheduledJobId } from "./uuid-v5.ts";

export type ScheduledMapping = {
  id: string;
  zohoChannelId: string;
  syncStatus: "active" | "paused" | "error";
  lastErrorRetryable: boolean | null;
  lastMessageTime: Date | null;
  syncIntervalMinutes: number | null;
};

/** Zoho channel id → newest message time (epoch ms), or null when the channel list does not say. */
export type ChannelActivity = ReadonlyMap<string, number | null>;

export type PlanContext = {
  now: Date;
  /** The default schedule's current slot. */
  defaultSlot: Date;
  /** Interval sweeps: only slots that started after this instant are due. null: every current slot. */
  since: Date | null;
  /** null when the planner was not used: every due mapping is requested. */
  activity: ChannelActivity | null;
};

export type SkipReason = "paused" | "needsAdmin" | "unchanged";

export type Decision =
  | { kind: "request"; mappingId: string; jobId: string; slot: Date }
  | { kind: "skip"; mappingId: string; reason: SkipReason }
  | { kind: "notDue"; mappingId: string };

export function decide(m: ScheduledMapping, ctx: PlanContext): Decision {
  const slot = slotFor(m, ctx.defaultSlot, ctx.now);
  if (ctx.since !== null && slot.getTime() <= ctx.since.getTime()) return { kind: "notDue", mappingId: m.id };
  if (m.syncStatus === "paused") return { kind: "skip", mappingId: m.id, reason: "paused" };
  // An error someone must fix (reconnect, channel removed, access denied) is not retried on a
  // timer; unknown retryability counts as needing an admin, the safe side.
  if (m.syncStatus === "error" && m.lastErrorRetryable !== true) return { kind: "skip", mappingId: m.id, reason: "needsAdmin" };
  // A retryable error is always requested, news or not: only a successful run returns the
  // mapping to active, so skipping it would leave it in error until the channel gets a message.
  if (m.syncStatus === "active" && ctx.activity !== null && isUnchanged(m.lastMessageTime, ctx.activity.get(m.zohoChannelId))) {
    return { kind: "skip", mappingId: m.id, reason: "unchanged" };
  }
  return { kind: "request", mappingId: m.id, jobId: scheduledJobId(m.id, slot), slot };
}

/**
 * Nothing new when the channel's newest message is not newer than the newest one delivered.
 * A channel missing from the list or without last-message information is not known to be
 * unchanged, so it is requested (the run finds out, and reports a channel that is gone).
 */
export function isUnchanged(mappingLast: Date | null, channelLast: number | null | undefined): boolean {
  if (mappingLast === null || channelLast === null || channelLast === undefined) return false;
  return channelLast <= mappingLast.getTime();
}

/** Builds the activity map from channel-mapping's channel list (`lastMessageTime` is ISO or null). */
export function channelActivity(channels: ReadonlyArray<{ channelId: string; lastMessageTime: string | null }>): ChannelActivity {
  const out = new Map<string, number | null>();
  for (const c of channels) {
    const ms = c.lastMessageTime === null ? Number.NaN : Date.parse(c.lastMessageTime);
    out.set(c.channelId, Number.isFinite(ms) ? ms : null);
  }
  return out;
}
