// One chat's entries kept ascending by time (insertion order breaks ties): the messages the
// API returns, interleaved with hidden entries it never returns but which still take a slot
// in the `limit` window (doc §2.6 "short pages mid-history", §2.3 total_message_count).
// window() is the rule of GET /chats/{id}/messages with the uncertain parts as quirks.
import type { SimHiddenEntry, SimMessage } from "../types.ts";
import type { MessageQuirks } from "./quirks.ts";
import { toEpochMs } from "./time.ts";

type Entry = { t: number; msg: SimMessage } | { t: number; hidden: SimHiddenEntry };

export type MessageWindow = {
  fromtime?: number;
  totime?: number;
  /** the simulator clock: later entries have not been sent yet, whatever the bounds */
  notAfter: number;
  limit: number;
};

export type WindowQuirks = Pick<MessageQuirks, "hiddenEntries" | "bounds" | "fromtimeWindow">;

export class ChatLog {
  /** visible and hidden, interleaved by time */
  #entries: Entry[] = [];
  /** the visible ones alone, for hiddenEntries=false (as if hidden entries were absent) */
  readonly #visible: Entry[] = [];

  constructor(messages: readonly SimMessage[] = [], hidden: readonly SimHiddenEntry[] = []) {
    this.append(messages);
    this.appendHidden(hidden);
  }

  /** every entry, hidden ones included: what total_message_count counts */
  get size(): number {
    return this.#entries.length;
  }

  get hiddenCount(): number {
    return this.#entries.length - this.#visible.length;
  }

  /** inserts each message after every entry with time <= its time (stable, time-ordered). */
  append(messages: readonly SimMessage[]): void {
    for (const msg of messages) {
      const t = toEpochMs(msg.time);
      if (!Number.isFinite(t)) throw new Error(`message ${msg.id}: time ${String(msg.time)} is not epoch ms`);
      insert(this.#entries, { t, msg });
      insert(this.#visible, { t, msg });
    }
  }

  /** each entry goes after every entry with time <= its time, like append */
  appendHidden(hidden: readonly SimHiddenEntry[]): void {
    if (hidden.length === 0) return;
    // one linear merge instead of a splice per entry: a bench-sized chat loads in milliseconds
    const sorted = hidden.map((h) => ({ t: checkedTime(h), hidden: { id: h.id, time: h.time } })).sort((a, b) => a.t - b.t);
    const merged: Entry[] = [];
    let i = 0;
    for (const e of this.#entries) {
      while (i < sorted.length && (sorted[i] as Entry).t < e.t) merged.push(sorted[i++] as Entry);
      merged.push(e);
    }
    while (i < sorted.length) merged.push(sorted[i++] as Entry);
    this.#entries = merged;
  }

  /** the visible messages, ascending: the ground truth of what can be fetched */
  all(): SimMessage[] {
    return this.#visible.map((e) => (e as { msg: SimMessage }).msg);
  }

  hidden(): SimHiddenEntry[] {
    return this.#entries.flatMap((e) => ("hidden" in e ? [e.hidden] : []));
  }

  last(): SimMessage | undefined {
    const e = this.#visible.at(-1);
    return e && "msg" in e ? e.msg : undefined;
  }

  /** the matching entries' `limit` newest (or, with fromtime and fromtimeWindow "oldest", oldest), hidden ones then dropped; ascending. */
  window(w: MessageWindow, q: WindowQuirks): SimMessage[] {
    const entries = q.hiddenEntries ? this.#entries : this.#visible;
    const exclusive = q.bounds === "exclusive";
    const start = w.fromtime === undefined ? 0 : exclusive ? firstAfter(entries, w.fromtime) : firstAtOrAfter(entries, w.fromtime);
    let end = firstAfter(entries, w.notAfter);
    if (w.totime !== undefined) end = Math.min(end, exclusive ? firstAtOrAfter(entries, w.totime) : firstAfter(entries, w.totime));
    if (start >= end) return [];
    const oldest = w.fromtime !== undefined && q.fromtimeWindow === "oldest";
    const picked = oldest ? entries.slice(start, Math.min(end, start + w.limit)) : entries.slice(Math.max(start, end - w.limit), end);
    return picked.flatMap((e) => ("msg" in e ? [e.msg] : []));
  }
}

function checkedTime(hidden: SimHiddenEntry): number {
  if (!Number.isSafeInteger(hidden.time) || hidden.time < 0) throw new Error(`hidden entry ${hidden.id}: time ${String(hidden.time)} is not epoch ms`);
  return hidden.time;
}

function insert(entries: Entry[], e: Entry): void {
  // appends in time order (the common case: generated data, live messages) stay O(1)
  const last = entries.at(-1);
  if (last === undefined || last.t <= e.t) entries.push(e);
  else entries.splice(firstAfter(entries, e.t), 0, e);
}

/** first index whose time is > t */
function firstAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** first index whose time is >= t */
function firstAtOrAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
