// The ops commands against one NATS server. Each returns what it printed as data too, so the
// CLI can emit JSON; reading never changes the stream, replaying only appends sync.requested.
import { randomUUID } from "node:crypto";
import { DeliverPolicy, jetstream, JetStreamApiError } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSUMERS, EVENT_SCHEMAS, EVENT_SUBJECTS, subjectsFor, type Envelope, type EventData } from "@cliq/contracts";
import { consumerConfigFor } from "@cliq/runtime";
import type { Command } from "./args.ts";
import { formatTable, latestFailures, planReplay, type FailedEvent } from "./failed-jobs.ts";
import { getBySeq, NotFoundError, readSubject, requireStream } from "./sync-stream.ts";

export type Output = { text: string; json: unknown };
export class OpsError extends Error {
  override readonly name = "OpsError";
}
export { NotFoundError };

const REPLAY_SOURCE = "ops-cli";

async function failedJobs(nc: NatsConnection, prefix: string, cmd: Extract<Command, { name: "list" | "replay" }>) {
  const s = subjectsFor(prefix);
  await requireStream(nc, s.stream("sync"));
  const read = await readSubject(nc, prefix, s.stream("sync"), s.event("syncFailed"), {
    ...(cmd.filter.since ? { since: cmd.filter.since } : {}),
    ...(cmd.filter.until ? { until: cmd.filter.until } : {}),
  });
  return { failures: latestFailures(read.events as FailedEvent[], cmd.filter), undecodable: read.undecodable };
}

function failureRow(e: FailedEvent) {
  const d = e.data;
  return { seq: e.seq, failedAt: d.failedAt, jobId: d.jobId, mappingId: d.mappingId, code: d.code, attempt: d.attempt, final: d.final, needsAdmin: d.needsAdmin, message: d.message };
}

export async function listFailed(nc: NatsConnection, cmd: Extract<Command, { name: "list" }>): Promise<Output> {
  const { failures, undecodable } = await failedJobs(nc, cmd.conn.prefix, cmd);
  const rows = failures.slice(0, cmd.limit).map(failureRow);
  const more = failures.length > rows.length ? `\n(${failures.length - rows.length} more; raise --limit)` : "";
  const skipped = undecodable > 0 ? `\n(${undecodable} stored messages could not be decoded and were skipped)` : "";
  const text = rows.length === 0 ? "no failed sync jobs match" : `${formatTable(rows, ["seq", "failedAt", "jobId", "mappingId", "code", "attempt", "final", "needsAdmin", "message"])}${more}${skipped}`;
  return { text, json: { failures: rows, total: failures.length, undecodable } };
}

export async function showEvent(nc: NatsConnection, cmd: Extract<Command, { name: "show" }>): Promise<Output> {
  const s = subjectsFor(cmd.conn.prefix);
  const stream = s.stream("sync");
  const jsm = await requireStream(nc, stream);
  if (cmd.seq !== undefined) {
    const m = await getBySeq(jsm, cmd.conn.prefix, stream, cmd.seq);
    const doc = { stream, seq: m.seq, subject: m.subject, storedAt: m.time.toISOString(), valid: m.event !== null, message: m.raw };
    return { text: JSON.stringify(doc, null, 2), json: doc };
  }
  const wanted = cmd.id!;
  const read = await readSubject(nc, cmd.conn.prefix, stream, s.syncAll, cmd.since ? { since: cmd.since } : {}, (e) => e.id === wanted);
  const found = read.events.find((e) => e.id === wanted);
  if (found === undefined) throw new NotFoundError(`no event with id ${JSON.stringify(wanted)} in stream ${stream}${cmd.since ? ` since ${cmd.since.toISOString()}` : ""}`);
  const m = await getBySeq(jsm, cmd.conn.prefix, stream, found.seq);
  const doc = { stream, seq: m.seq, subject: m.subject, storedAt: m.time.toISOString(), valid: true, message: m.raw };
  return { text: JSON.stringify(doc, null, 2), json: doc };
}

/** failed job id → retry job id, from sync.requested events stored after the earliest selected failure. */
async function existingRetries(nc: NatsConnection, prefix: string, fromSeq: number): Promise<Map<string, string>> {
  const s = subjectsFor(prefix);
  const read = await readSubject(nc, prefix, s.stream("sync"), s.event("syncRequested"), { fromSeq });
  const retries = new Map<string, string>();
  for (const e of read.events) {
    const d = e.data as EventData<"syncRequested">;
    if (d.retryOf !== undefined) retries.set(d.retryOf, d.jobId);
  }
  return retries;
}

export async function replayFailed(nc: NatsConnection, cmd: Extract<Command, { name: "replay" }>): Promise<Output> {
  const prefix = cmd.conn.prefix;
  const { failures } = await failedJobs(nc, prefix, cmd);
  if (failures.length === 0) return { text: "no failed sync jobs match; nothing to replay", json: { replayed: [], skipped: [] } };
  const fromSeq = Math.min(...failures.map((f) => f.seq));
  const decisions = planReplay(failures, { retries: await existingRetries(nc, prefix, fromSeq), force: cmd.force, by: cmd.by, now: new Date(), newJobId: randomUUID });

  const js = jetstream(nc);
  const subject = subjectsFor(prefix).event("syncRequested");
  const replayed: Array<{ failedJobId: string; jobId: string; mappingId: string; eventId: string; seq?: number; duplicate?: boolean }> = [];
  const skipped: Array<{ failedJobId: string; reason: string }> = [];
  for (const d of decisions) {
    if (d.action === "skip") {
      skipped.push({ failedJobId: d.failed.data.jobId, reason: d.reason });
      continue;
    }
    const entry = { failedJobId: d.failed.data.jobId, jobId: d.request.jobId, mappingId: d.request.mappingId, eventId: d.eventId };
    if (cmd.dryRun) {
      replayed.push(entry);
      continue;
    }
    const data = EVENT_SCHEMAS.syncRequested.parse(d.request);
    const envelope: Envelope<EventData<"syncRequested">> = {
      id: d.eventId,
      type: EVENT_SUBJECTS.syncRequested,
      occurredAt: new Date().toISOString(),
      source: REPLAY_SOURCE,
      correlationId: d.failed.data.jobId,
      data,
    };
    const ack = await js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id });
    replayed.push({ ...entry, seq: ack.seq, duplicate: ack.duplicate });
  }

  const verb = cmd.dryRun ? "would publish" : "published";
  const lines = replayed.map((r) =>
    r.duplicate ? `already replayed within the duplicate window: ${r.failedJobId} (stored once, seq ${r.seq})` : `${verb} sync.requested ${r.jobId} (retry of ${r.failedJobId}, mapping ${r.mappingId}${r.seq === undefined ? "" : `, seq ${r.seq}`})`,
  );
  for (const s of skipped) lines.push(`skipped ${s.failedJobId}: ${s.reason}`);
  if (cmd.dryRun) lines.push("dry run: nothing was published");
  return { text: lines.join("\n"), json: { dryRun: cmd.dryRun, replayed, skipped } };
}

export async function rebuildProjection(nc: NatsConnection, cmd: Extract<Command, { name: "rebuild-projection" }>): Promise<Output> {
  const s = subjectsFor(cmd.conn.prefix);
  const stream = s.stream(CONSUMERS.mappingProjection.stream);
  const durable = s.consumer(CONSUMERS.mappingProjection.durable);
  const jsm = await requireStream(nc, stream);
  const { state } = await jsm.streams.info(stream);
  if (cmd.fromSeq > state.last_seq + 1) throw new OpsError(`--from-seq ${cmd.fromSeq} is past the end of stream ${stream} (last sequence ${state.last_seq})`);
  const existing = await jsm.consumers.info(stream, durable).catch((err: unknown) => {
    if (err instanceof JetStreamApiError && err.status === 404) return null;
    throw err;
  });
  if (existing !== null && existing.num_waiting > 0 && !cmd.force) {
    throw new OpsError(`${durable} has ${existing.num_waiting} pull request(s) waiting: channel-mapping looks like it is running. Stop it (scale to 0) first, or pass --force`);
  }
  const startSeq = Math.max(cmd.fromSeq, state.first_seq);
  const plan = { stream, consumer: durable, existed: existing !== null, fromSeq: startSeq, messagesToReplay: Math.max(0, state.last_seq - startSeq + 1) };
  const summary = `${plan.existed ? "delete and re-create" : "create"} ${durable} on ${stream} starting at sequence ${startSeq} (${plan.messagesToReplay} messages to replay)`;
  if (cmd.dryRun) return { text: `would ${summary}\ndry run: nothing was changed`, json: { dryRun: true, ...plan } };

  if (existing !== null) await jsm.consumers.delete(stream, durable);
  // The contract's configuration, only the start point differs; channel-mapping's start-up
  // provisioning updates the mutable fields and keeps this start point.
  await jsm.consumers.add(stream, { ...consumerConfigFor(cmd.conn.prefix, "mappingProjection"), deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq });
  return { text: `done: ${summary}\nstart channel-mapping to replay them into zoho_sync_jobs`, json: { dryRun: false, ...plan } };
}
