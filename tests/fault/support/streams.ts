// Reading a JetStream stream from its first message to its last, for the exactly-once checks (the
// sync events) and the secrets scan (every event the suite produced).
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@cliq/runtime";

export type StoredEvent = { seq: number; subject: string; data: string; msgId: string | undefined };

export async function readStream(nc: NatsConnection, stream: string, timeoutMs = 20_000): Promise<StoredEvent[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const last = info.state.last_seq;
  if (info.state.messages === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream);
  const out: StoredEvent[] = [];
  const messages = await consumer.consume();
  const timer = setTimeout(() => messages.stop(), timeoutMs);
  try {
    for await (const m of messages) {
      out.push({ seq: m.seq, subject: m.subject, data: m.string(), msgId: m.headers?.get("Nats-Msg-Id") });
      if (m.seq >= last) break;
    }
  } finally {
    clearTimeout(timer);
    messages.stop();
  }
  if (out.at(-1)?.seq !== last) throw new Error(`read ${out.length} messages of ${stream} but not up to its last sequence ${last} within ${timeoutMs} ms`);
  return out;
}
