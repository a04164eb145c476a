// What a backlog costs at least, computed on the chat's entries (hidden ones included), for the
// request-count table of the sync benchmark. Pure.
//
// - ideal: ceil(N / 100), N = the new visible messages delivered (the figure);
// - physical: ceil(E / 100), E = the entries (hidden included: they take room in the `limit`
//   window) from the newest one down to the deepest one the walk must see — the first visible
//   message below the stop (cursor or sync-from), or the oldest delivered one for a capped run —
//   plus 1 when the walk reaches the start of the history: only a page with nothing new shows it;
// - best: the cheapest correct reader that only sends `totime` and knows what zoho-cliq-api.md
//   §2.6 leaves open (whether the bound is inclusive): each page after the first must read the
//   previous page's oldest millisecond again (a tie may continue below the page edge) with every
//   entry of the previous page at or below it, hidden ones included (it cannot see them).
import type { Entry } from "./chats.ts";

export const PAGE = 100;

/** Index range [start, end) of the entries a request returns (inclusive bounds: the simulator's default). */
export function windowOf(entries: readonly Entry[], toTime: number | null, limit = PAGE): { start: number; end: number } {
  const end = toTime === null ? entries.length : firstAfter(entries, toTime);
  return { start: Math.max(0, end - limit), end };
}

/** First index whose time is > t. */
export function firstAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Stop = { time: number; ids: ReadonlySet<string> };
export const isNew = (e: Entry, s: Stop): boolean => e.time > s.time || (e.time === s.time && !s.ids.has(e.id));

/** E and whether the walk must see the start of the history, for a run that delivered `delivered`. */
export function coverNeeded(entries: readonly Entry[], stop: Stop, capped: boolean, delivered: ReadonlySet<string>): { e: number; endProbe: boolean } {
  const n = entries.length;
  if (capped) {
    let i = 0;
    while (i < n && !delivered.has((entries[i] as Entry).id)) i++;
    return { e: n - i, endProbe: false };
  }
  for (let i = n - 1; i >= 0; i--) {
    const x = entries[i] as Entry;
    if (!x.hidden && x.time < stop.time) return { e: n - i, endProbe: false };
  }
  return { e: n, endProbe: true };
}

/** Requests of the best reader (see the header) over the same entries, stop and cap. */
export function bestReader(entries: readonly Entry[], stop: Stop, cap: number | null): number {
  const seen = new Set<string>();
  let end = entries.length;
  let requests = 0;
  let sent = 0;
  for (;;) {
    requests++;
    const page = entries.slice(Math.max(0, end - PAGE), end).filter((x) => !x.hidden);
    if (page.length === 0) return requests;
    const oldest = (page[0] as Entry).time;
    const fresh = page.filter((x) => isNew(x, stop) && !seen.has(x.id));
    for (const x of fresh) seen.add(x.id);
    sent += fresh.length;
    if (oldest < stop.time) return requests;
    if (fresh.length === 0) {
      if (page.length < PAGE) return requests;
      end = firstAfter(entries, oldest - 1); // a millisecond fuller than a page: step below it
      continue;
    }
    if (cap !== null && sent >= cap) return requests;
    end = firstAfter(entries, oldest); // totime = oldest, inclusive
  }
}

/** The closed form for E entries when each page after the first repeats exactly one entry. */
export function oneRepeatBound(e: number, endProbe: boolean): number {
  return (e <= PAGE ? 1 : 1 + Math.ceil((e - PAGE) / (PAGE - 1))) + (endProbe ? 1 : 0);
}

/** Per request of a run: entries of the window not read by an earlier request of the run, and whether a tie crossed its lower edge. */
export class Coverage {
  #low = Number.POSITIVE_INFINITY;
  #high = Number.NEGATIVE_INFINITY;
  reread = 0;
  tieEdges = 0;

  readonly #entries: readonly Entry[];

  constructor(entries: readonly Entry[]) {
    this.#entries = entries;
  }

  add(w: { start: number; end: number }): void {
    const { start, end } = w;
    if (start > 0 && start < end && (this.#entries[start] as Entry).time === (this.#entries[start - 1] as Entry).time) this.tieEdges++;
    // the walk reads downwards: what it read so far is one range [low, high)
    const overlap = Math.max(0, Math.min(end, this.#high) - Math.max(start, this.#low));
    this.reread += overlap;
    this.#low = Math.min(this.#low, start);
    this.#high = Math.max(this.#high, end);
  }
}
