// Cutting the ascending stream of new messages into delivery batches. Boundaries depend only on
// the cursor: batches are consecutive runs of `size` messages from it, so a run that resumes from
// the same cursor after a crash forms the same first batch (same ids → same Idempotency-Key).
// The one exception is recorded before it is sent: a batch at the live end of the chat (see
// `pending`), which a resumed run re-forms from the stored ids.
import type { MessageRef } from "./cursor.ts";

export class Batcher<M extends MessageRef> {
  readonly #size: number;
  #buffer: M[] = [];
  /** Ids of the batch a crashed run was sending; it is re-sent exactly, before anything else. */
  #pending: { ids: Set<string>; lastTime: number; found: M[]; deferred: M[] } | null;

  constructor(size: number, pendingIds: readonly string[] | null = null, pendingLastTime: number | null = null) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
    this.#size = size;
    this.#pending =
      pendingIds !== null && pendingIds.length > 0 && pendingLastTime !== null
        ? { ids: new Set(pendingIds), lastTime: pendingLastTime, found: [], deferred: [] }
        : null;
  }

  /** Messages not yet handed out as a batch. */
  get buffered(): number {
    return this.#buffer.length + (this.#pending === null ? 0 : this.#pending.found.length + this.#pending.deferred.length);
  }

  /** Adds messages (ascending, all new) and returns the batches now complete. */
  push(messages: readonly M[]): M[][] {
    const out: M[][] = [];
    for (const m of messages) {
      const p = this.#pending;
      if (p !== null) {
        if (m.time <= p.lastTime) {
          (p.ids.has(m.id) ? p.found : p.deferred).push(m);
          if (p.found.length === p.ids.size) this.#releasePending(out);
          continue;
        }
        this.#releasePending(out);
      }
      this.#buffer.push(m);
      if (this.#buffer.length === this.#size) {
        out.push(this.#buffer);
        this.#buffer = [];
      }
    }
    return out;
  }

  /** End of the data: the rest, as batches of at most `size`. */
  flush(): M[][] {
    const out: M[][] = [];
    this.#releasePending(out);
    for (let i = 0; i < this.#buffer.length; i += this.#size) out.push(this.#buffer.slice(i, i + this.#size));
    this.#buffer = [];
    return out;
  }

  #releasePending(out: M[][]): void {
    const p = this.#pending;
    if (p === null) return;
    this.#pending = null;
    if (p.found.length > 0) out.push(p.found);
    // Messages of the pending batch's last ms that were not in it arrived after it was sent.
    for (const m of p.deferred) {
      this.#buffer.push(m);
      if (this.#buffer.length === this.#size) {
        out.push(this.#buffer);
        this.#buffer = [];
      }
    }
  }
}
