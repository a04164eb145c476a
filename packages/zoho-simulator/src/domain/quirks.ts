// The message and channel endpoints' uncertain behaviours (doc §2.3, §2.6, §6 item 7, §7
// item 1) as switches. Each default is what was observed or documented, so tests run against
// the reference unless they flip a switch; QUIRK_MODES lists one flip per mode so a test
// matrix can prove a client correct under every answer the reference leaves open.
import { z } from "zod";
import type { RateLimitPatch } from "../types.ts";

export type MessageQuirks = {
  /** true: hidden entries take room in the `limit` window but are never returned (short pages mid-history, §2.6; total_message_count counts them, §2.3). false: they are ignored entirely, as if absent. */
  hiddenEntries: boolean;
  /** fromtime/totime inclusivity (§2.6, §7.1 unknown). exclusive: time > fromtime and time < totime. */
  bounds: "inclusive" | "exclusive";
  /** with fromtime and more than `limit` matching entries, which end is returned (§2.6, the biggest unknown). Without fromtime always the newest. */
  fromtimeWindow: "newest" | "oldest";
  /** order inside a page (§2.6: observed ascending). */
  pageOrder: "asc" | "desc";
  /** message `time` on the wire: as generated (every 37th a numeric string) or forced. */
  timeFormat: "as-stored" | "number" | "string";
  /** limit > 100: serve 100 (clamp) or up to `limit` (honour). */
  limitAbove100: "clamp" | "honour";
  /** creation_time / last_modified_time / last_message_info.time of channels: as generated (mixed) or forced. */
  channelTimes: "as-stored" | "ms" | "iso";
  /** participant_count / total_message_count of channels on the wire. */
  counts: "as-stored" | "string" | "number";
};

export const DEFAULT_QUIRKS: MessageQuirks = Object.freeze({
  hiddenEntries: true,
  bounds: "inclusive",
  fromtimeWindow: "newest",
  pageOrder: "asc",
  timeFormat: "as-stored",
  limitAbove100: "clamp",
  channelTimes: "as-stored",
  counts: "as-stored",
});

export const quirksPatchSchema = z
  .object({
    hiddenEntries: z.boolean(),
    bounds: z.enum(["inclusive", "exclusive"]),
    fromtimeWindow: z.enum(["newest", "oldest"]),
    pageOrder: z.enum(["asc", "desc"]),
    timeFormat: z.enum(["as-stored", "number", "string"]),
    limitAbove100: z.enum(["clamp", "honour"]),
    channelTimes: z.enum(["as-stored", "ms", "iso"]),
    counts: z.enum(["as-stored", "string", "number"]),
  })
  .partial()
  .strict();
// a compile error here means a quirk was added to the type but not to the schema
const _everyQuirkValidated: Record<keyof MessageQuirks, unknown> = quirksPatchSchema.shape;

/** base with a validated patch applied; throws naming the bad field, leaving base untouched. */
export function mergeQuirks(base: MessageQuirks, patch: Partial<MessageQuirks>, where = "quirks"): MessageQuirks {
  const parsed = quirksPatchSchema.safeParse(patch);
  if (!parsed.success) throw new Error(`${where}: ${z.prettifyError(parsed.error)}`);
  const merged: MessageQuirks = { ...base };
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) Object.assign(merged, { [k]: v });
  return merged;
}

export type QuirkMode = { name: string; quirks: Partial<MessageQuirks>; limits?: RateLimitPatch };

/** The default mode plus each uncertainty switch flipped on its own: for test matrices. */
export const QUIRK_MODES: ReadonlyArray<QuirkMode> = Object.freeze([
  { name: "default", quirks: {} },
  { name: "no-hidden-entries", quirks: { hiddenEntries: false } },
  { name: "exclusive-bounds", quirks: { bounds: "exclusive" } },
  { name: "fromtime-oldest", quirks: { fromtimeWindow: "oldest" } },
  { name: "page-desc", quirks: { pageOrder: "desc" } },
  { name: "time-string", quirks: { timeFormat: "string" } },
  { name: "time-number", quirks: { timeFormat: "number" } },
  { name: "limit-honoured", quirks: { limitAbove100: "honour" } },
  { name: "throttle-429", quirks: {}, limits: { throttleStatus: 429 } },
  { name: "channel-times-ms", quirks: { channelTimes: "ms" } },
  { name: "channel-times-iso", quirks: { channelTimes: "iso" } },
  { name: "counts-number", quirks: { counts: "number" } },
] satisfies QuirkMode[]);
