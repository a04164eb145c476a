// One chat's messages kept ascending by time (insertion order breaks ties), and the window
// rule of GET /chats/{id}/messages: the NEWEST `limit` messages inside [fromtime, totime],
// both ends inclusive, returned oldest first (doc §2.6, §6 item 7, §7 item 1).
import type { SimMessage } from "../types.ts";
import { toEpochMs } from "./time.ts";

type Entry = { t: number; msg: SimMessage };

export type MessageWindow = { fromtime?: number; totime: number; limit: number };

export class ChatLog {
  readonly #entries: Entry[] = [];

  constructor(messages: readonly SimMessage[] = []) {
    this.append(messages);
  }

  get size(): number {
    return this.#entries.length;
  }

  /** inserts each message after every message with time <= its time (stable, time-ordered). */
  append(messages: readonly SimMessage[]): void {
    for (const msg of messages) {
      const t = toEpochMs(msg.time);
      if (!Number.isFinite(t)) throw new Error(`message ${msg.id}: time ${String(msg.time)} is not epoch ms`);
      this.#entries.splice(upperBound(this.#entries, t), 0, { t, msg });
    }
  }

  all(): SimMessage[] {
    return this.#entries.map((e) => e.msg);
  }

  last(): SimMessage | undefined {
    return this.#entries.at(-1)?.msg;
  }

  window(w: MessageWindow): SimMessage[] {
    const end = upperBound(this.#entries, w.totime);
    const start = Math.max(w.fromtime === undefined ? 0 : lowerBound(this.#entries, w.fromtime), end - w.limit);
    return start >= end ? [] : this.#entries.slice(start, end).map((e) => e.msg);
  }
}

/** first index whose time is > t */
function upperBound(entries: readonly Entry[], t: number): number {
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
function lowerBound(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
