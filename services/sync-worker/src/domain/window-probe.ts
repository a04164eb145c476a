// Reading one time window of a chat with the only paging Zoho offers: GET messages returns the
// NEWEST `limit` messages inside [fromtime, totime] (both inclusive), with no cursor. So a window
// is read backwards: each next page asks for totime = the oldest time of the previous page,
// INCLUSIVE, and ids already seen at that boundary millisecond are dropped. Pure state machine:
// the caller performs the requests (query() → fetch → accept()).
import { compareMessages, type MessageRef } from "./cursor.ts";

export type TimeWindow = { from: number; /** null: open-ended, the newest messages. */ to: number | null };
export type ProbeQuery = { fromTime: number; toTime: number | null };
export type ProbeStatus = "probing" | "complete" | "overflow";
export type ProbeStats = { pages: number; messages: number; newest: number | null; oldest: number | null };
/** A full page of one millisecond: more messages may share it than the API can page through. */
export type SameMsOverflow = { time: number; seen: number };

export type ProbeLimits = {
  pageSize: number;
  /** Most pages one window may take; past it the window overflows. */
  maxPages: number;
  /**
   * Overflow early, when the density seen so far says the window holds more pages than this.
   * The estimate assumes even density down to `from`, so a gap at the bottom inflates it (see
   * estimateAfterPages). Default: no early overflow.
   */
  estimateLimit?: number;
  /**
   * Pages read before the estimate may end the window early. The estimate cannot tell a deep
   * backlog from a short one above a gap (a first backfill from years back, a weekend), and
   * continuing costs little: reading on either finishes the window (the ideal cost) or wastes at
   * most these pages. Default 1.
   */
  estimateAfterPages?: number;
};

export class WindowProbe<M extends MessageRef> {
  readonly window: TimeWindow;
  readonly #limits: ProbeLimits;
  readonly #byId = new Map<string, M>();
  #toTime: number | null;
  #status: ProbeStatus = "probing";
  #pages = 0;
  #newest: number | null = null;
  #oldest: number | null = null;
  #collected = 0;
  readonly sameMsOverflows: SameMsOverflow[] = [];

  constructor(window: TimeWindow, limits: ProbeLimits) {
    if (window.to !== null && window.to < window.from) throw new RangeError(`window ends (${window.to}) before it starts (${window.from})`);
    this.window = window;
    this.#limits = limits;
    this.#toTime = window.to;
  }

  get status(): ProbeStatus {
    return this.#status;
  }

  get stats(): ProbeStats {
    return { pages: this.#pages, messages: this.#collected, newest: this.#newest, oldest: this.#oldest };
  }

  /** The next request to make; only while probing. */
  query(): ProbeQuery {
    if (this.#status !== "probing") throw new Error(`no query: the window probe is ${this.#status}`);
    return { fromTime: this.window.from, toTime: this.#toTime };
  }

  /** Takes the page answered for query(). */
  accept(page: readonly M[]): void {
    if (this.#status !== "probing") throw new Error(`page not expected: the window probe is ${this.#status}`);
    this.#pages++;
    if (page.length === 0) return this.#finish("complete");
    let oldest = Number.POSITIVE_INFINITY;
    let newest = Number.NEGATIVE_INFINITY;
    let fresh = 0;
    for (const m of page) {
      if (m.time < oldest) oldest = m.time;
      if (m.time > newest) newest = m.time;
      if (!this.#byId.has(m.id)) {
        this.#byId.set(m.id, m);
        fresh++;
        this.#collected++;
      }
    }
    this.#newest ??= newest;
    this.#oldest = oldest;
    // Fewer than a page: [from, totime] holds nothing more.
    if (page.length < this.#limits.pageSize) return this.#finish("complete");
    if (oldest === newest) {
      // A whole page of one millisecond: asking again with the same totime returns the same page,
      // so step below it. Messages of that ms beyond what Zoho returns cannot be reached.
      this.sameMsOverflows.push({ time: oldest, seen: [...this.#byId.values()].filter((m) => m.time === oldest).length });
      this.#toTime = oldest - 1;
    } else {
      this.#toTime = oldest;
    }
    if (fresh === 0 && oldest !== newest) this.#toTime = oldest - 1;
    if (this.#toTime < this.window.from) return this.#finish("complete");
    if (this.#pages >= this.#limits.maxPages || this.#estimateSaysOverflow()) this.#finish("overflow");
  }

  /** The window's messages ascending by (time, id); only once complete. */
  messages(): M[] {
    if (this.#status !== "complete") throw new Error(`messages are only known once the window is complete (it is ${this.#status})`);
    return [...this.#byId.values()].sort(compareMessages);
  }

  #estimateSaysOverflow(): boolean {
    const { estimateLimit, estimateAfterPages = 1 } = this.#limits;
    return estimateLimit !== undefined && this.#pages >= estimateAfterPages && this.#estimatedPages() > estimateLimit;
  }

  /** Pages the whole window will take if the density seen so far holds. */
  #estimatedPages(): number {
    const newest = this.#newest;
    const oldest = this.#oldest;
    if (newest === null || oldest === null || newest <= oldest) return this.#pages;
    return (this.#pages * (newest - this.window.from)) / (newest - oldest);
  }

  #finish(status: ProbeStatus): void {
    this.#status = status;
    // An overflowing window is abandoned: free its pages now rather than when the probe goes.
    if (status === "overflow") this.#byId.clear();
  }
}
