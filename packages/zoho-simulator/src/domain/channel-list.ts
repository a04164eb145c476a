// GET /api/v2/channels: filters, order and next_token paging (doc §2.3). The tokens are opaque
// to clients; here they carry an offset (next_token) or an instant (sync_token).
import { z } from "zod";
import type { SimChannel } from "../types.ts";
import { boolParam, intParam, invalidParam, listParam, timeParam, type ZohoError } from "./query-params.ts";
import { toEpochMs } from "./time.ts";

export const MAX_CHANNEL_PAGE = 100;
export const DEFAULT_CHANNEL_PAGE = 100;
/** "will return an exception if the number of channels to be synced is greater than 50" (doc §2.3) */
export const MAX_SYNC_CHANNELS = 50;

export const channelListQuery = z.object({
  name: z.string().optional(),
  status: z.enum(["created", "pending", "archived"]).optional(),
  level: z.enum(["organization", "team", "private", "external"]).optional(),
  limit: intParam(1, MAX_CHANNEL_PAGE).optional(),
  next_token: z.string().optional(),
  sync_token: z.string().optional(),
  order_by: z.enum(["+last_modified_time", "-last_modified_time", "+creation_time", "-creation_time"]).optional(),
  modified_before: timeParam.optional(),
  modified_after: timeParam.optional(),
  created_before: timeParam.optional(),
  created_after: timeParam.optional(),
  channel_ids: listParam.optional(),
  chat_ids: listParam.optional(),
  team_ids: listParam.optional(),
  created_by: z.string().optional(),
  pinned: boolParam.optional(),
  joined: boolParam.optional(),
});
export type ChannelListQuery = z.output<typeof channelListQuery>;

export type ChannelPage = { channels: SimChannel[]; has_more: boolean; next_token?: string; sync_token: string };

export type ChannelListContext = { now: number; emailToUserId: (email: string) => string | undefined };

export function listChannels(all: readonly SimChannel[], q: ChannelListQuery, ctx: ChannelListContext): { ok: true; page: ChannelPage } | { ok: false; error: ZohoError } {
  let offset = 0;
  if (q.next_token !== undefined) {
    const decoded = decodeToken(q.next_token, "o");
    if (decoded === undefined) return { ok: false, error: invalidParam("next_token") };
    offset = decoded;
  }
  let syncedAfter: number | undefined;
  if (q.sync_token !== undefined) {
    syncedAfter = decodeToken(q.sync_token, "s");
    if (syncedAfter === undefined) return { ok: false, error: invalidParam("sync_token") };
  }
  let rows = all.filter((c) => matches(c, q, ctx));
  if (syncedAfter !== undefined) {
    const since = syncedAfter;
    rows = rows.filter((c) => toEpochMs(c.last_modified_time) > since);
    if (rows.length > MAX_SYNC_CHANNELS) {
      return { ok: false, error: { status: 400, body: { code: "operation_failed", message: `More than ${MAX_SYNC_CHANNELS} channels to sync; list them again without sync_token.` } } };
    }
  }
  rows = order(rows, q.order_by);
  const limit = q.limit ?? DEFAULT_CHANNEL_PAGE;
  const channels = rows.slice(offset, offset + limit);
  const hasMore = offset + limit < rows.length;
  const page: ChannelPage = { channels, has_more: hasMore, sync_token: encodeToken("s", ctx.now) };
  if (hasMore) page.next_token = encodeToken("o", offset + limit);
  return { ok: true, page };
}

function matches(c: SimChannel, q: ChannelListQuery, ctx: ChannelListContext): boolean {
  if (q.name !== undefined && !c.name.toLowerCase().includes(q.name.toLowerCase())) return false;
  if (q.status !== undefined && c.status !== q.status) return false;
  // the list schema says "personal" where the filter says "private" (doc §2.3 notes)
  if (q.level !== undefined && c.level !== q.level && !(q.level === "private" && c.level === "personal")) return false;
  if (q.joined !== undefined && c.joined !== q.joined) return false;
  if (q.pinned !== undefined && (c.pinned ?? false) !== q.pinned) return false;
  const modified = toEpochMs(c.last_modified_time);
  const created = toEpochMs(c.creation_time);
  if (q.modified_after !== undefined && !(modified > q.modified_after)) return false;
  if (q.modified_before !== undefined && !(modified < q.modified_before)) return false;
  if (q.created_after !== undefined && !(created > q.created_after)) return false;
  if (q.created_before !== undefined && !(created < q.created_before)) return false;
  if (q.channel_ids !== undefined && !q.channel_ids.includes(c.channel_id)) return false;
  if (q.chat_ids !== undefined && (c.chat_id === null || !q.chat_ids.includes(c.chat_id))) return false;
  if (q.team_ids !== undefined && !Object.keys(c.teams ?? {}).some((t) => q.team_ids?.includes(t))) return false;
  if (q.created_by !== undefined) {
    const id = q.created_by.includes("@") ? ctx.emailToUserId(q.created_by) : q.created_by;
    if (c.creator_id === undefined || c.creator_id !== id) return false;
  }
  return true;
}

/** without order_by, channels come in creation (insertion) order, which keeps paging stable. */
function order(rows: SimChannel[], orderBy: ChannelListQuery["order_by"]): SimChannel[] {
  if (orderBy === undefined) return rows;
  const field = orderBy.slice(1) as "last_modified_time" | "creation_time";
  const sign = orderBy.startsWith("-") ? -1 : 1;
  return rows
    .map((c, i) => ({ c, i, t: toEpochMs(c[field]) }))
    .sort((a, b) => sign * (a.t - b.t) || a.i - b.i)
    .map((x) => x.c);
}

export function encodeToken(kind: "o" | "s", n: number): string {
  return Buffer.from(`${kind}:${n}:cliqsim`).toString("base64url");
}

export function decodeToken(token: string, kind: "o" | "s"): number | undefined {
  const m = /^([os]):(\d+):cliqsim$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return m && m[1] === kind ? Number(m[2]) : undefined;
}
