// What goes on the wire after the window rule: page size, page order, the form of each time
// and count. Cliq sends mixed forms (doc §2.3 notes, §2.6 field facts), so the stored data is
// mixed; the quirks can force one form so a client is tested against each on its own.
import type { SimChannel, SimMessage } from "../types.ts";
import type { MessageQuirks } from "./quirks.ts";
import { toEpochMs, toZohoIso } from "./time.ts";

/** "If limit is not specified, maximum of 100 messages will be retrieved" (doc §2.6) */
export const MAX_MESSAGE_PAGE = 100;

export function pageSize(limit: number | undefined, q: Pick<MessageQuirks, "limitAbove100">): number {
  if (limit === undefined) return MAX_MESSAGE_PAGE;
  return q.limitAbove100 === "honour" ? limit : Math.min(limit, MAX_MESSAGE_PAGE);
}

/** a page (ascending from the window rule) in the configured order and time form; stored messages are never mutated. */
export function messagesOnWire(page: readonly SimMessage[], q: Pick<MessageQuirks, "pageOrder" | "timeFormat">): SimMessage[] {
  const ordered = q.pageOrder === "desc" ? [...page].reverse() : [...page];
  if (q.timeFormat === "as-stored") return ordered;
  const form = q.timeFormat === "number" ? (ms: number) => ms : (ms: number) => String(ms);
  return ordered.map((m) => ({ ...m, time: form(toEpochMs(m.time)) }));
}

export type WireChannel = Omit<SimChannel, "total_message_count"> & { total_message_count: number | string };

/**
 * A channel as list and detail send it. hiddenCount is the chat's hidden entries: with
 * hiddenEntries off they are "as if absent", so total_message_count leaves them out too.
 */
export function channelOnWire(ch: SimChannel, q: Pick<MessageQuirks, "channelTimes" | "counts" | "hiddenEntries">, hiddenCount: number): WireChannel {
  const out: WireChannel = { ...ch };
  if (!q.hiddenEntries && hiddenCount > 0) out.total_message_count = String(Math.max(0, Number(ch.total_message_count) - hiddenCount));
  if (q.channelTimes !== "as-stored") {
    const form = q.channelTimes === "ms" ? (v: number | string) => toEpochMs(v) : (v: number | string) => toZohoIso(toEpochMs(v));
    out.creation_time = form(ch.creation_time);
    out.last_modified_time = form(ch.last_modified_time);
    if (ch.last_message_info) out.last_message_info = { ...ch.last_message_info, time: form(ch.last_message_info.time) };
  }
  if (q.counts !== "as-stored") {
    const form = q.counts === "number" ? (v: number | string) => Number(v) : (v: number | string) => String(v);
    out.participant_count = form(ch.participant_count);
    out.total_message_count = form(out.total_message_count);
  }
  return out;
}
