// Reading a chat's new messages the one way that is correct under everything zoho-cliq-api.md
// §2.6 leaves open: a backward walk, newest first, with `totime` only.
//
// GET messages returns the newest `limit` ENTRIES at or before `totime`, where some entries are
// never returned (deleted/system: short pages mid-history), ties share a millisecond across page
// edges, the bounds may be inclusive or exclusive, and which window `fromtime` selects is unknown.
// So: never send `fromtime`; after a page whose oldest message is at ms `o`, ask `totime = o + 1`
// (inclusive: ≤ o + 1; exclusive: ≤ o — both cover all of ms o) and drop ids already seen. Once a
// page proves the bound inclusive (it returned a message at exactly `totime`), ask `totime = o`.
// The walk ends on an empty page, a page with nothing new, or a page reaching below where the
// previous sync stopped — never because a page is short.
//
// A millisecond holding more entries than one page cannot be paged through (asking again returns
// the same page): the walk reports it as unreachable and steps strictly below it.
// Pure state machine: the caller fetches (query() → fetch → accept()).
import { compareMessages, isNew, type MessageRef, type Position } from "./cursor.ts";

/** A millisecond and the message ids delivered at it. */
export type Mark = { time: number; ids: string[] };

/** The durable part of a walk in progress: where it started and how far down it has delivered. */
export type WalkState = { top: Mark; frontier: Mark };

export type Unreachable = { time: number; seen: number };

export type PageResult<M> = {
  /** The new messages of the page, ascending by (time, id); deliver them as one batch. */
  batch: M[];
  /** The walk state once `batch` is delivered (null while nothing was delivered yet). */
  state: WalkState | null;
  /** The walk is over: everything newer than the stop position has been read. */
  done: boolean;
  /** A millisecond found to hold more messages than a page returns (reported once each). */
  unreachable: Unreachable | null;
};

/** A page that cannot be right; nothing from it may be delivered. */
export class BadPageError extends Error {
  override readonly name = "BadPageError";
}

export class BackwardWalk<M extends MessageRef> {
  readonly #stop: Position;
  readonly #pageSize: number;
  #state: WalkState | null;
  #frontierIds: Set<string>;
  #inclusive = false;
  /** A dense millisecond being stepped over: totime stays strictly below it. */
  #below: number | null = null;
  #done = false;

  /**
   * `stop`: the mapping's cursor (or its sync-from instant): messages at or below it were delivered.
   * `resume`: the state of a walk in progress (after a crash, a redelivery or a per-run cap).
   */
  constructor(stop: Position, pageSize: number, resume: WalkState | null = null) {
    this.#stop = stop;
    this.#pageSize = pageSize;
    this.#state = resume;
    this.#frontierIds = new Set(resume?.frontier.ids ?? []);
  }

  get done(): boolean {
    return this.#done;
  }

  get state(): WalkState | null {
    return this.#state;
  }

  /** The `totime` of the next request; null for the newest page. */
  nextToTime(): number | null {
    if (this.#done) throw new Error("the walk is over: no request left");
    if (this.#below !== null) return this.#inclusive ? this.#below - 1 : this.#below;
    const f = this.#state?.frontier;
    if (f === undefined) return null;
    return this.#inclusive ? f.time : f.time + 1;
  }

  /** Takes the page answered for `nextToTime()` (in any order); throws BadPageError for an impossible page. */
  accept(page: readonly M[], toTime: number | null): PageResult<M> {
    if (this.#done) throw new Error("the walk is over: no page expected");
    const sorted = checkedSorted(page, toTime);
    if (toTime !== null && sorted.some((m) => m.time === toTime)) this.#inclusive = true;
    const stepping = this.#below;
    if (stepping !== null) {
      // Inclusive bounds repeat the dense ms: ask again strictly below it (the bound is now known).
      if (sorted.some((m) => m.time >= stepping)) return this.#result([], false, null);
      this.#below = null;
    }
    if (sorted.length === 0) return this.#result([], true, null);
    const oldest = (sorted[0] as M).time;
    const batch = sorted.filter((m) => isNew(m, this.#stop) && !this.#delivered(m));
    // Everything from the stop position up to `toTime` was in this page: contiguous newest entries.
    const reachedStop = oldest < this.#stop.time;
    if (batch.length === 0) {
      if (reachedStop || sorted.length < this.#pageSize || this.#state === null) return this.#result([], true, null);
      // A full page of nothing new at and above the frontier: its millisecond holds more than a page.
      const f = this.#state.frontier;
      this.#below = f.time;
      return this.#result([], false, { time: f.time, seen: f.ids.length });
    }
    this.#advance(sorted, batch);
    return this.#result(batch, reachedStop, null);
  }

  #delivered(m: M): boolean {
    const s = this.#state;
    if (s === null) return false;
    return (m.time > s.frontier.time && m.time <= s.top.time) || (m.time === s.frontier.time && this.#frontierIds.has(m.id));
  }

  #advance(sorted: readonly M[], batch: readonly M[]): void {
    const low = (batch[0] as M).time;
    if (this.#state === null || low !== this.#state.frontier.time) this.#frontierIds = new Set();
    for (const m of batch) if (m.time === low) this.#frontierIds.add(m.id);
    // The top is the newest millisecond of the first page with all its ids (old ones included): it
    // becomes the cursor, and the cursor lists every id delivered at its millisecond.
    const top = this.#state?.top ?? markOf(sorted, (sorted.at(-1) as M).time);
    this.#state = { top, frontier: { time: low, ids: [...this.#frontierIds].sort() } };
  }

  #result(batch: M[], done: boolean, unreachable: Unreachable | null): PageResult<M> {
    this.#done = done;
    return { batch, state: this.#state, done, unreachable };
  }
}

function markOf(sorted: readonly MessageRef[], time: number): Mark {
  return { time, ids: sorted.filter((m) => m.time === time).map((m) => m.id).sort() };
}

function checkedSorted<M extends MessageRef>(page: readonly M[], toTime: number | null): M[] {
  const ids = new Set<string>();
  for (const m of page) {
    if (!Number.isSafeInteger(m.time) || m.time < 0) throw new BadPageError(`message ${m.id} has time ${String(m.time)}, not epoch milliseconds`);
    if (ids.has(m.id)) throw new BadPageError(`message id ${m.id} appears twice in one page`);
    ids.add(m.id);
    if (toTime !== null && m.time > toTime) throw new BadPageError(`message ${m.id} at ${m.time} is newer than the page's totime ${toTime}`);
  }
  return [...page].sort(compareMessages);
}
