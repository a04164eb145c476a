// The new messages of one chat after a position, oldest first, one window at a time (see
// domain/window-planner.ts for why windows). Requests go through `fetchPage` (rate limit,
// tokens and retries live there). Up to `windowsInFlight` windows are read at once: the next
// windows are fetched while the caller delivers the current one, so Zoho's budget keeps being
// used during delivery and request latency overlaps. Windows are still handed out in order.
import { isNew, type MessageRef, type Position } from "../domain/cursor.ts";
import { WindowPlanner } from "../domain/window-planner.ts";
import { WindowProbe, type ProbeStats, type SameMsOverflow, type TimeWindow } from "../domain/window-probe.ts";

export type PageQuery = { fromTime: number; toTime: number | null; limit: number };
export type FetchPage<M> = (q: PageQuery, signal: AbortSignal) => Promise<M[]>;

export type SourceWindow<M> = {
  /** New messages of the window, ascending by (time, id). */
  messages: M[];
  /** From the open-ended window: it reaches the live end of the chat. */
  live: boolean;
  window: TimeWindow;
  stats: ProbeStats;
};

export type SourceOptions = {
  pageSize: number;
  targetPages: number;
  maxPagesPerWindow: number;
  /** Stop planning windows once this many messages were handed out or are expected (the per-run cap). */
  cap: number;
  /** Windows read at once (1: one after the other). */
  windowsInFlight: number;
  /**
   * Pages the open-ended window reads before its density estimate may cut it short (see
   * ProbeLimits.estimateAfterPages). A run that continues a capped one knows its backlog is deep
   * and passes 1: leaving after one page saves the rest.
   */
  openWindowPages: number;
  /** Ends reading (requests waiting for the budget give up) when the run is aborted. */
  signal?: AbortSignal;
  onSameMsOverflow?: (o: SameMsOverflow) => void;
  onWindowOverflow?: (w: TimeWindow, stats: ProbeStats) => void;
};

type Read<M extends MessageRef> = { probe: WindowProbe<M>; ac: AbortController; done: Promise<void>; expected: number };

export class MessageSource<M extends MessageRef> {
  readonly #fetch: FetchPage<M>;
  readonly #start: Position;
  readonly #opts: SourceOptions;
  readonly #planner: WindowPlanner;
  readonly #abort = new AbortController();
  readonly #signal: AbortSignal;
  readonly #reads: Read<M>[] = [];
  #handedOut = 0;
  #requests = 0;

  constructor(fetch: FetchPage<M>, start: Position, opts: SourceOptions) {
    this.#fetch = fetch;
    this.#start = start;
    this.#opts = opts;
    this.#planner = new WindowPlanner(start.time, { pageSize: opts.pageSize, targetPages: opts.targetPages });
    this.#signal = opts.signal === undefined ? this.#abort.signal : AbortSignal.any([opts.signal, this.#abort.signal]);
  }

  /** True once the open-ended window was read: nothing newer existed when it was. */
  get caughtUp(): boolean {
    return this.#planner.caughtUp;
  }

  get requests(): number {
    return this.#requests;
  }

  /** The next window with new messages, or null when caught up or at the cap. */
  async next(): Promise<SourceWindow<M> | null> {
    for (;;) {
      this.#fill();
      const head = this.#reads.shift();
      if (head === undefined) return null;
      await head.done;
      const { probe } = head;
      for (const o of probe.sameMsOverflows) this.#opts.onSameMsOverflow?.(o);
      if (probe.status === "overflow") {
        // Windows planned after it start where it ended: drop them and re-plan from its start.
        void this.#dropReads();
        this.#opts.onWindowOverflow?.(probe.window, probe.stats);
        this.#planner.overflow(probe.window, probe.stats);
        continue;
      }
      this.#planner.complete(probe.window, probe.stats);
      const messages = probe.messages().filter((m) => isNew(m, this.#start));
      this.#handedOut += messages.length;
      if (messages.length > 0 || probe.window.to === null) {
        this.#fill();
        return { messages, live: probe.window.to === null, window: probe.window, stats: probe.stats };
      }
    }
  }

  /** Stops reading; waits for reads in flight to settle. */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.#dropReads();
  }

  /** Starts reading planned windows until enough are in flight or the cap is covered. */
  #fill(): void {
    const { pageSize, targetPages, cap, windowsInFlight } = this.#opts;
    // Until a window has confirmed the density, read one at a time: an overflow throws away the
    // windows planned after it (and the budget slots their requests had reserved).
    const limit = this.#planner.settled ? windowsInFlight : 1;
    while (this.#reads.length < limit && this.#planner.canPlan && !this.#signal.aborted) {
      const expected = this.#handedOut + this.#reads.reduce((n, r) => n + r.expected, 0);
      if (expected >= cap) return;
      const pages = Math.min(targetPages, Math.ceil((cap - expected) / pageSize));
      this.#planner.setTargetPages(pages);
      this.#reads.push(this.#startRead(this.#planner.next(), pages * pageSize));
    }
  }

  #startRead(window: TimeWindow, expected: number): Read<M> {
    const probe = new WindowProbe<M>(window, {
      pageSize: this.#opts.pageSize,
      maxPages: this.#opts.maxPagesPerWindow,
      estimateLimit: this.#opts.maxPagesPerWindow,
      estimateAfterPages: window.to === null ? this.#opts.openWindowPages : 1,
    });
    const ac = new AbortController();
    const signal = AbortSignal.any([this.#signal, ac.signal]);
    const done = (async () => {
      while (probe.status === "probing") {
        signal.throwIfAborted();
        this.#requests++;
        probe.accept(await this.#fetch({ ...probe.query(), limit: this.#opts.pageSize }, signal));
      }
    })();
    // Awaited when the window is handed out; a dropped read's failure is of no interest.
    done.catch(() => undefined);
    return { probe, ac, done, expected };
  }

  async #dropReads(): Promise<void> {
    const dropped = this.#reads.splice(0);
    for (const r of dropped) r.ac.abort();
    await Promise.all(dropped.map((r) => r.done.catch(() => undefined)));
  }
}
