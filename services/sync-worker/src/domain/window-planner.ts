// Which window to read next, oldest first. Delivery must go oldest-first with bounded memory, but
// the API pages newest-first: reading [cursor, now] backwards in one go would hold (or re-fetch)
// the whole backlog before the first delivery. So the backlog is cut into forward time windows
// sized to hold about `targetPages` pages; each window is read backwards (WindowProbe) and
// delivered. The size adapts to the density seen: an overflowing window is abandoned and cut
// down, a sparse one grows. The first window is open-ended: a caught-up mapping (the daily case)
// costs one request.
import type { ProbeStats, TimeWindow } from "./window-probe.ts";

export type PlannerOptions = {
  pageSize: number;
  /** Pages a window should hold; more means fewer partial pages (requests), more memory. */
  targetPages: number;
};

/** Growth after an empty window: doubling keeps the first window that reaches data within ~2× its target. */
const GROW_EMPTY = 2;
const GROW_MAX = 4;
const SHRINK_MIN = 0.25;

export class WindowPlanner {
  #lo: number;
  /** Density estimate: milliseconds of chat per message. null until the open window overflows. */
  #msPerMessage: number | null = null;
  /**
   * The oldest time the open window reached before it was left: at and after it the chat is known
   * to hold messages (a dense region), below it is unexplored (possibly a long gap). Bounded
   * windows stay below it; from it on, the open window is read.
   */
  #knownFrom: number | null = null;
  #caughtUp = false;
  /** An open-ended window is out: nothing can be planned after it until it resolves. */
  #openOut = false;
  #settled = false;
  #targetPages: number;
  readonly #pageSize: number;

  constructor(from: number, opts: PlannerOptions) {
    this.#lo = from;
    this.#pageSize = opts.pageSize;
    this.#targetPages = opts.targetPages;
  }

  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** Fewer pages per window near the end of a run's cap, so little is fetched beyond it. */
  setTargetPages(pages: number): void {
    this.#targetPages = Math.max(1, Math.ceil(pages));
  }

  /**
   * True when the last window resolved completed within its size: the density estimate holds, so
   * reading several windows ahead is unlikely to be thrown away by an overflow.
   */
  get settled(): boolean {
    return this.#settled;
  }

  /** False once caught up, or while the open-ended window is being read. */
  get canPlan(): boolean {
    return !this.#caughtUp && !this.#openOut;
  }

  /**
   * Plans the next window and reserves it: several can be read at once, and the next one starts
   * where this one ends. If a window overflows, the plan rewinds to it (see overflow()).
   */
  next(): TimeWindow {
    if (!this.canPlan) throw new Error(this.#caughtUp ? "caught up: no window left" : "the open-ended window is still being read");
    const known = this.#knownFrom;
    if (this.#msPerMessage === null || known === null || this.#lo >= known) {
      this.#openOut = true;
      return { from: this.#lo, to: null };
    }
    const span = Math.max(1, Math.floor(this.#targetPages * this.#pageSize * this.#msPerMessage));
    const w = { from: this.#lo, to: Math.min(this.#lo + span - 1, known - 1) };
    this.#lo = w.to + 1;
    return w;
  }

  /** The window was read to its start; its messages go out before the next window is read. */
  complete(w: TimeWindow, stats: ProbeStats): void {
    if (w.to === null) {
      this.#caughtUp = true;
      this.#openOut = false;
      return;
    }
    const span = w.to - w.from + 1;
    const before = this.#msPerMessage ?? span;
    // Density over the part that held messages: a gap below them (a gallop's last step) would
    // otherwise make the next window far too long.
    const filled = stats.oldest === null ? span : w.to - Math.max(w.from, stats.oldest) + 1;
    const seen = stats.messages === 0 ? before * GROW_EMPTY : filled / stats.messages;
    this.#settled = stats.messages > 0;
    this.#msPerMessage = Math.min(before * GROW_MAX, Math.max(before * SHRINK_MIN, seen));
  }

  /**
   * The window held too much to read in one go: the plan rewinds to its start (windows planned
   * after it must be dropped by the caller) and continues with shorter ones.
   */
  overflow(w: TimeWindow, stats: ProbeStats): void {
    this.#lo = w.from;
    this.#openOut = false;
    this.#settled = false;
    // Messages are known to exist from stats.oldest on: windows below it explore, the rest waits.
    if (stats.oldest !== null) this.#knownFrom = this.#knownFrom === null || w.to === null ? stats.oldest : Math.min(this.#knownFrom, stats.oldest);
    const current = w.to === null ? Math.max(1, (stats.oldest ?? w.from) - w.from + 1) : w.to - w.from + 1;
    const covered = stats.newest !== null && stats.oldest !== null ? stats.newest - stats.oldest + 1 : current;
    const seen = stats.messages > 0 ? covered / stats.messages : current;
    const wanted = this.#targetPages * this.#pageSize;
    // Between the span the density asks for (right when messages fill the window evenly) and half
    // the window (right when most of it is a gap below the messages): the geometric mean copes
    // with both in a few steps. Always strictly shorter than the window that overflowed.
    const half = current / 2 / wanted;
    this.#msPerMessage = Math.min(half, Math.sqrt(seen * half));
  }
}
