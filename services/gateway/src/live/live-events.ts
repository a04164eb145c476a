// The live-status feed behind GET /api/events: the SYNC and MAPPING streams read from given
// positions with ordered consumers (ephemeral, no acks, server-side cursor), merged into one
// iterator in stored-time order. Each event keeps its stream sequence, which becomes the SSE id.
import { DeliverPolicy, jetstream, jetstreamManager, type Consumer, type ConsumerMessages } from "@nats-io/jetstream";
import { subjectsFor } from "@cliq/contracts";
import { decodeEvent, type DecodedEvent, type Logger, type NatsConnection } from "@cliq/runtime";
import { OrderedEventQueue } from "./event-queue.ts";
import { LIVE_STREAMS, startSequence, type LiveStream, type StreamPositions } from "./positions.ts";

export type LiveEvent = { stream: LiveStream; seq: number; event: DecodedEvent };

export type LiveEventSource = {
  /** The last stored sequence of each stream: where a subscriber without Last-Event-ID starts. */
  heads(): Promise<StreamPositions>;
  /**
   * Every event stored after `after` (per stream), each stream in order, until `signal` aborts;
   * the consumers are closed then. Ends by itself only when the server side goes away.
   */
  follow(after: StreamPositions, signal: AbortSignal): AsyncIterable<LiveEvent>;
};

export type JetStreamLiveEventsOptions = { nc: NatsConnection; prefix: string; logger: Logger };

export function createJetStreamLiveEvents(opts: JetStreamLiveEventsOptions): LiveEventSource {
  const subjects = subjectsFor(opts.prefix);
  const js = jetstream(opts.nc);
  const log = opts.logger.child({ component: "live-events" });

  async function streamState(stream: LiveStream): Promise<{ firstSeq: number; lastSeq: number }> {
    const jsm = await jetstreamManager(opts.nc);
    const info = await jsm.streams.info(subjects.stream(stream));
    return { firstSeq: info.state.first_seq, lastSeq: info.state.last_seq };
  }

  async function pump(stream: LiveStream, after: number, queue: OrderedEventQueue<LiveStream, LiveEvent>, signal: AbortSignal): Promise<void> {
    const name = subjects.stream(stream);
    const state = await streamState(stream);
    const start = startSequence(after, state);
    queue.setCaughtUp(stream, start > state.lastSeq);
    if (start !== after + 1) log.warn({ stream: name, after, start }, "live subscriber resumed at another position (stream recreated or aged out)");
    const consumer: Consumer = await js.consumers.get(name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start });
    let messages: ConsumerMessages | undefined;
    const stop = () => void messages?.close().catch(() => undefined);
    try {
      if (signal.aborted) return;
      messages = await consumer.consume({ max_messages: 100 });
      signal.addEventListener("abort", stop, { once: true });
      for await (const m of messages) {
        const decoded = decodeEvent(opts.prefix, m.subject, m.data);
        if (!decoded.ok) {
          log.warn({ stream: name, seq: m.seq, problem: decoded.problem }, "skipping an undecodable event");
          if (m.info.pending === 0) queue.setCaughtUp(stream, true);
          continue;
        }
        await queue.push(stream, { item: { stream, seq: m.seq, event: decoded.event }, time: m.timestampNanos, pending: m.info.pending });
        if (signal.aborted) break;
      }
    } finally {
      signal.removeEventListener("abort", stop);
      await messages?.close().catch(() => undefined);
      // Free the server-side consumer now rather than after its inactivity threshold.
      await consumer.delete().catch(() => undefined);
    }
  }

  return {
    async heads() {
      const [sync, mapping] = await Promise.all(LIVE_STREAMS.map(async (s) => (await streamState(s)).lastSeq));
      return { sync: sync ?? 0, mapping: mapping ?? 0 };
    },
    follow(after, signal) {
      const queue = new OrderedEventQueue<LiveStream, LiveEvent>(LIVE_STREAMS);
      const pumps = LIVE_STREAMS.map((s) =>
        pump(s, after[s], queue, signal).catch((err: unknown) => {
          // One stream failing ends the feed: the browser reconnects and resumes both from its id.
          if (!signal.aborted) log.warn({ err, stream: s }, "live stream read failed");
          queue.close(signal.aborted ? undefined : err);
        }),
      );
      signal.addEventListener("abort", () => queue.close(), { once: true });
      void Promise.all(pumps).then(() => queue.close());
      return queue;
    },
  };
}
