// Joins several streams (one producer each) into one async iterator in time order. A resumed
// subscriber reads a backlog from every stream at once; to replay it in the order the events were
// stored, an item is released only when no other stream could still deliver an earlier one —
// that stream has a buffered item to compare with, or the server said it has nothing pending.
// Producers wait when their own buffer is full, so a slow HTTP client slows the stream reads
// instead of letting the gateway buffer without limit.
export type Timed<T> = {
  item: T;
  /** Stored time (JetStream timestamp, ns). */
  time: bigint;
  /** Messages still pending on the server for this stream after this one. */
  pending: number;
};

type Lane<T> = { buffer: Timed<T>[]; caughtUp: boolean; wakeWriter: (() => void) | null };

export class OrderedEventQueue<S extends string, T> implements AsyncIterable<T> {
  private readonly lanes: Map<S, Lane<T>>;
  private readonly ready: T[] = [];
  private wakeReader: (() => void) | null = null;
  private closed = false;
  private failure: unknown = null;

  constructor(
    streams: readonly S[],
    private readonly highWater = 256,
  ) {
    this.lanes = new Map(streams.map((s) => [s, { buffer: [], caughtUp: false, wakeWriter: null }]));
  }

  /** A stream with nothing to replay (its start is past its last message) is caught up from the start. */
  setCaughtUp(stream: S, caughtUp: boolean): void {
    this.lane(stream).caughtUp = caughtUp;
    this.release();
  }

  /** Resolves once the item is queued and the stream's buffer has room again (or the queue closed). */
  async push(stream: S, entry: Timed<T>): Promise<void> {
    if (this.closed) return;
    const lane = this.lane(stream);
    lane.buffer.push(entry);
    lane.caughtUp = entry.pending === 0;
    this.release();
    while (lane.buffer.length >= this.highWater && !this.closed) await new Promise<void>((resolve) => (lane.wakeWriter = resolve));
  }

  /** Ends iteration after the released items; with an error, the reader throws it. */
  close(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (error !== undefined) this.failure = error;
    for (const lane of this.lanes.values()) this.wakeWriterOf(lane);
    this.wake();
  }

  private lane(stream: S): Lane<T> {
    const lane = this.lanes.get(stream);
    if (lane === undefined) throw new RangeError(`unknown stream ${stream}`);
    return lane;
  }

  /** Moves items to `ready` while the earliest buffered one cannot be preceded by an unseen one. */
  private release(): void {
    while (this.ready.length < this.highWater) {
      let earliest: Lane<T> | undefined;
      for (const lane of this.lanes.values()) {
        const head = lane.buffer[0];
        if (head === undefined) {
          if (!lane.caughtUp) return;
          continue;
        }
        if (earliest === undefined || head.time < (earliest.buffer[0] as Timed<T>).time) earliest = lane;
      }
      if (earliest === undefined) return;
      this.ready.push((earliest.buffer.shift() as Timed<T>).item);
      if (earliest.buffer.length < this.highWater) this.wakeWriterOf(earliest);
      this.wake();
    }
  }

  private wakeWriterOf(lane: Lane<T>): void {
    const w = lane.wakeWriter;
    lane.wakeWriter = null;
    w?.();
  }

  private wake(): void {
    const r = this.wakeReader;
    this.wakeReader = null;
    r?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.ready.shift();
      if (item !== undefined) {
        this.release();
        yield item;
        continue;
      }
      if (this.closed) {
        if (this.failure !== null) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }
}
