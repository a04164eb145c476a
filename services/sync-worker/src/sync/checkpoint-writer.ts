// Writes the cursor (fenced checkpoint + sync.progress) behind the delivery loop, so the next POST
// does not wait for the database and NATS. At most one write is in flight; while it runs, newer
// cursors replace each other and only the latest is written next (a cursor includes every batch
// before it). The loop waits when the writer falls `maxLag` batches behind, so a crash re-sends
// at most that many batches — under their own Idempotency-Keys, as batch boundaries depend only
// on the stored cursor — and a lost lease (a failed fenced write) stops the run within that many.

export type CheckpointWrite<C> = (cursor: C) => Promise<void>;

export class CheckpointWriter<C> {
  readonly #write: CheckpointWrite<C>;
  readonly #maxLag: number;
  #latest: C | null = null;
  #running: Promise<void> | null = null;
  /** Batches submitted whose write has not finished yet. */
  #behind = 0;
  #failure: { error: unknown } | null = null;

  constructor(write: CheckpointWrite<C>, maxLag: number) {
    this.#write = write;
    this.#maxLag = maxLag;
  }

  /** Queues the cursor after a delivered batch; waits only when the writer is `maxLag` behind. Throws an earlier write's failure. */
  async submit(cursor: C): Promise<void> {
    this.#throwIfFailed();
    this.#latest = cursor;
    this.#behind++;
    this.#running ??= this.#drain();
    if (this.#behind >= this.#maxLag) await this.flush();
  }

  /** Resolves once every submitted cursor is written; throws if a write failed. */
  async flush(): Promise<void> {
    while (this.#running !== null) await this.#running;
    this.#throwIfFailed();
  }

  async #drain(): Promise<void> {
    while (this.#latest !== null && this.#failure === null) {
      const cursor = this.#latest;
      const covers = this.#behind;
      this.#latest = null;
      try {
        await this.#write(cursor);
        this.#behind -= covers;
      } catch (error) {
        this.#failure = { error };
      }
    }
    this.#running = null;
  }

  #throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure.error;
  }
}
