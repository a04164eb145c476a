// Reading the SYNC stream for ops: an ordered (ephemeral, flow-controlled) consumer over one
// subject from a start time, or a direct get by sequence. Nothing here acknowledges or changes
// the stream; durable consumers are untouched.
import { DeliverPolicy, jetstream, jetstreamManager, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { decodeEvent } from "@cliq/runtime";
import type { StoredEvent } from "./failed-jobs.ts";

export type ReadOptions = { since?: Date; until?: Date; fromSeq?: number };
export type ReadResult = { events: StoredEvent[]; undecodable: number };

/** How long an empty pull waits before the read is considered caught up. */
const IDLE_MS = 1_500;

function toEvent(prefix: string, seq: number, time: Date, subject: string, data: Uint8Array): StoredEvent | null {
  const decoded = decodeEvent(prefix, subject, data);
  if (!decoded.ok) return null;
  return { seq, time, subject, id: decoded.event.envelope.id, data: decoded.event.envelope.data };
}

/** Every message on `subject` (a filter, wildcards allowed) from `since`/`fromSeq` up to `until` or the end of the stream. */
export async function readSubject(nc: NatsConnection, prefix: string, stream: string, subject: string, opts: ReadOptions = {}, stop?: (e: StoredEvent) => boolean): Promise<ReadResult> {
  const js = jetstream(nc);
  const start = opts.fromSeq !== undefined
    ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: opts.fromSeq }
    : opts.since !== undefined
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: opts.since.toISOString() }
      : { deliver_policy: DeliverPolicy.All };
  const consumer = await js.consumers.get(stream, { filter_subjects: subject, ...start });
  const events: StoredEvent[] = [];
  let undecodable = 0;
  try {
    for (;;) {
      const msg = await consumer.next({ expires: IDLE_MS });
      if (msg === null) break;
      const time = msg.time;
      if (opts.until !== undefined && time > opts.until) break;
      const event = toEvent(prefix, msg.seq, time, msg.subject, msg.data);
      if (event === null) undecodable++;
      else {
        events.push(event);
        if (stop?.(event)) break;
      }
      if (msg.info.pending === 0) break;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return { events, undecodable };
}

export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/** One stored message by stream sequence (any subject). */
export async function getBySeq(jsm: JetStreamManager, prefix: string, stream: string, seq: number): Promise<{ event: StoredEvent | null; raw: unknown; subject: string; seq: number; time: Date }> {
  let m;
  try {
    m = await jsm.streams.getMessage(stream, { seq });
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) throw new NotFoundError(`no message with sequence ${seq} in stream ${stream}`);
    throw err;
  }
  if (m === null) throw new NotFoundError(`no message with sequence ${seq} in stream ${stream}`);
  let raw: unknown;
  try {
    raw = m.json();
  } catch {
    raw = m.string();
  }
  return { event: toEvent(prefix, m.seq, m.time, m.subject, m.data), raw, subject: m.subject, seq: m.seq, time: m.time };
}

/** Fails with a clear message when the stream does not exist (wrong --prefix or --nats-url). */
export async function requireStream(nc: NatsConnection, stream: string): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(stream);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) throw new NotFoundError(`stream ${stream} does not exist on this server (check --prefix and --nats-url)`);
    throw err;
  }
  return jsm;
}
