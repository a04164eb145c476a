// Builders for sync.* envelopes as sync-worker, the gateway and the scheduler publish them, with
// explicit occurredAt so tests control the order the events claim to have happened in.
import { randomUUID } from "node:crypto";
import { EVENT_SUBJECTS, subjectsFor, type Envelope, type EventData, type SyncWarning } from "@cliq/contracts";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@cliq/runtime";

export type SyncName = "syncRequested" | "syncStarted" | "syncProgress" | "syncCompleted" | "syncFailed";
export type AnySyncEvent = { [K in SyncName]: { name: K; envelope: Envelope<EventData<K>> } }[SyncName];

export function envelope<K extends SyncName>(name: K, data: EventData<K>, occurredAt: Date): { name: K; envelope: Envelope<EventData<K>> } {
  return { name, envelope: { id: randomUUID(), type: EVENT_SUBJECTS[name], occurredAt: occurredAt.toISOString(), source: "test", data } };
}

const cursor = (time: number | null) => ({ time, ids: time === null ? [] : [`${time}_1`] });

/**
 * One run with a failed first attempt and a successful second one, seconds apart from `t0`.
 * Every event is "in order" in this list.
 */
export function retriedRun(jobId: string, mappingId: string, t0: number, opts: { lastMessageTime?: number } = {}): AnySyncEvent[] {
  const at = (s: number) => new Date(t0 + s * 1_000);
  const lmt = opts.lastMessageTime ?? t0 - 60_000;
  const ids = { jobId, mappingId };
  return [
    envelope("syncRequested", { ...ids, jobType: "manual", requestedAt: at(0).toISOString(), requestedBy: "admin@tcis.test" }, at(0)),
    envelope("syncStarted", { ...ids, workerId: "w1", attempt: 1, cursor: cursor(null), startedAt: at(1).toISOString() }, at(1)),
    envelope("syncProgress", { ...ids, messagesFetched: 5, messagesProcessed: 5, cursor: cursor(lmt - 30_000) }, at(2)),
    envelope(
      "syncFailed",
      { ...ids, code: "ingest_unavailable", message: "ingest answered 503", retryable: true, attempt: 1, final: false, needsAdmin: false, messagesFetched: 7, messagesProcessed: 5, failedAt: at(3).toISOString() },
      at(3),
    ),
    envelope("syncStarted", { ...ids, workerId: "w2", attempt: 2, cursor: cursor(lmt - 30_000), startedAt: at(4).toISOString() }, at(4)),
    envelope(
      "syncCompleted",
      { ...ids, outcome: "synced", messagesFetched: 12, messagesProcessed: 12, durationMs: 900, cursor: cursor(lmt), lastMessageTime: new Date(lmt).toISOString(), continued: false, finishedAt: at(5).toISOString() },
      at(5),
    ),
  ];
}

/** A warning as sync-worker reports a millisecond holding more messages than one Zoho page. */
export function unreachableWarning(chatId: string, time: number, seen = 100): SyncWarning {
  const message = `More messages share the millisecond ${new Date(time).toISOString()} than one Zoho page returns: ${seen} of them were read, the rest cannot be reached through the Zoho API.`;
  return { code: "unreachable_messages", chatId, time, seen, message };
}

/**
 * A backward walk that meets unreachable milliseconds: the first attempt reports `first` on its
 * progress and on its non-final failure; the redelivered attempt goes on from the frontier and
 * reports only what it finds itself (`second`), on progress and completion. Counters are the
 * whole job's (cumulative across the attempts), as sync-worker sends them.
 */
export function warnedRun(jobId: string, mappingId: string, t0: number, warnings: { first: SyncWarning[]; second: SyncWarning[] }): AnySyncEvent[] {
  const at = (s: number) => new Date(t0 + s * 1_000);
  const ids = { jobId, mappingId };
  const top = cursor(t0 - 1_000);
  const frontier = cursor(t0 - 50_000);
  return [
    envelope("syncRequested", { ...ids, jobType: "manual", requestedAt: at(0).toISOString(), requestedBy: "admin@tcis.test" }, at(0)),
    envelope("syncStarted", { ...ids, workerId: "w1", attempt: 1, cursor: cursor(null), startedAt: at(1).toISOString() }, at(1)),
    envelope("syncProgress", { ...ids, messagesFetched: 100, messagesProcessed: 100, cursor: cursor(null), frontier, warnings: warnings.first }, at(2)),
    envelope(
      "syncFailed",
      { ...ids, code: "ingest_unavailable", message: "ingest answered 503", retryable: true, attempt: 1, final: false, needsAdmin: false, messagesFetched: 100, messagesProcessed: 100, failedAt: at(3).toISOString(), warnings: warnings.first },
      at(3),
    ),
    envelope("syncStarted", { ...ids, workerId: "w2", attempt: 2, cursor: cursor(null), frontier, startedAt: at(4).toISOString() }, at(4)),
    envelope("syncProgress", { ...ids, messagesFetched: 200, messagesProcessed: 200, cursor: cursor(null), frontier: cursor(t0 - 90_000), warnings: warnings.second }, at(5)),
    envelope(
      "syncCompleted",
      { ...ids, outcome: "synced", messagesFetched: 230, messagesProcessed: 230, durationMs: 4_000, cursor: top, lastMessageTime: new Date(t0 - 1_000).toISOString(), continued: false, finishedAt: at(6).toISOString(), warnings: warnings.second },
      at(6),
    ),
  ];
}

/** Publishes to the prefix's SYNC stream; `msgId` defaults to the envelope id (a different one bypasses de-duplication, like a redelivery). */
export async function publishSync(nc: NatsConnection, prefix: string, e: AnySyncEvent, msgId = e.envelope.id): Promise<number> {
  const ack = await jetstream(nc).publish(subjectsFor(prefix).event(e.name), JSON.stringify(e.envelope), { msgID: msgId });
  return ack.seq;
}
