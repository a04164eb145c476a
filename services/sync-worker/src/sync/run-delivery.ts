// The body of one run, under its lease: walk the chat back from its newest message to the cursor
// (domain/backward-walk.ts) and deliver each page as it is read. Per batch: write it ahead in
// full (key, body, the state after it) → POST → checkpoint walk + counters (fenced, one statement)
// → sync.progress. A crash anywhere re-sends the written-ahead batch verbatim, so the sink sees
// the same Idempotency-Key; the walk then goes on from its frontier. The next page is fetched
// while the current batch is delivered: at most two pages are held, whatever the backlog.
import type { Cursor, SyncWarning } from "@cliq/contracts";
import type { Logger } from "@cliq/runtime";
import type { ZohoMessage } from "@cliq/zoho-client";
import { BackwardWalk, type Unreachable, type WalkState } from "../domain/backward-walk.ts";
import { startPosition } from "../domain/cursor.ts";
import { buildIngestBatch, type IngestTarget } from "../domain/ingest-payload.ts";
import { formatTranscript } from "../domain/transcript/index.ts";
import type { IngestTransport } from "../ingest/transport.ts";
import type { Checkpoint, CursorRepo, JobCounts, Lease, PendingBatch } from "../repo/cursor-repo.ts";
import type { JobRef, SyncEvents } from "./sync-events.ts";

export type PageQuery = { toTime: number | null; limit: number };
export type FetchPage<M> = (q: PageQuery, signal: AbortSignal) => Promise<M[]>;

export type DeliveryConfig = { leaseTtlMs: number; maxMessagesPerRun: number; pageSize: number; timeZone: string };

export type DeliveryDeps = { cursors: CursorRepo; events: SyncEvents; ingest: IngestTransport; logger: Logger };

export type DeliveryInput = {
  job: JobRef;
  lease: Lease;
  target: IngestTarget;
  cursor: Cursor;
  syncFromMs: number;
  walk: WalkState | null;
  pending: PendingBatch | null;
  counts: JobCounts;
  fetchPage: FetchPage<ZohoMessage>;
  signal: AbortSignal;
};

export type DeliveryProgress = {
  /** The whole job's counters (across redeliveries and continuations). */
  fetched: number;
  processed: number;
  cursor: Cursor;
  frontier: Cursor | null;
  caughtUp: boolean;
  warnings: SyncWarning[];
};

type Fetched = { page: ZohoMessage[]; toTime: number | null };

/** Runs the delivery loop; `progress` is updated as it goes so a failure can report counts. */
export async function deliverNewMessages(deps: DeliveryDeps, cfg: DeliveryConfig, input: DeliveryInput, progress: DeliveryProgress): Promise<void> {
  const { job, lease, signal } = input;
  const log = deps.logger.child({ jobId: job.jobId, mappingId: job.mappingId });
  let durable: Checkpoint = { walk: input.walk, cursor: input.cursor, counts: { ...input.counts } };
  const apply = (cp: Checkpoint) => {
    durable = cp;
    Object.assign(progress, { fetched: cp.counts.fetched, processed: cp.counts.processed, cursor: cp.cursor, frontier: cp.walk?.frontier ?? null, warnings: [...cp.counts.warnings] });
  };
  /** The counts after `n` more messages, with every warning seen so far (they are durable with the checkpoint). */
  const countsPlus = (n: number): JobCounts => ({ fetched: durable.counts.fetched + n, processed: durable.counts.processed + n, warnings: progress.warnings.slice(0, 100) });
  apply(durable);

  async function commit(cp: Checkpoint): Promise<void> {
    await deps.cursors.checkpoint(lease, cp, cfg.leaseTtlMs);
    apply(cp);
    await deps.events.progress(job, { messagesFetched: cp.counts.fetched, messagesProcessed: cp.counts.processed, cursor: cp.cursor, ...(cp.walk === null ? {} : { frontier: cp.walk.frontier }), ...warningsField(progress) });
  }

  /** POST a written-ahead batch, then commit the state it was written with. */
  async function deliver(p: PendingBatch): Promise<void> {
    await deps.ingest.deliver({ idempotencyKey: p.idempotencyKey, body: p.body });
    await commit(p.after);
  }

  async function send(p: PendingBatch): Promise<void> {
    signal.throwIfAborted();
    await deps.cursors.writeAhead(lease, p, cfg.leaseTtlMs);
    await deliver(p);
  }

  const pending = input.pending;
  if (pending !== null) {
    log.info({ messages: pending.body.message_count }, "re-sending the batch a previous run had in flight");
    // The counts are this job's: the batch may have been written ahead by an earlier job.
    await deliver({ ...pending, after: { ...pending.after, counts: countsPlus(pending.body.message_count) } });
  }

  const walk = new BackwardWalk<ZohoMessage>(startPosition(durable.cursor, input.syncFromMs), cfg.pageSize, durable.walk);
  const ac = new AbortController();
  const fetchSignal = AbortSignal.any([signal, ac.signal]);
  const fetchNext = (): Promise<Fetched> => {
    const toTime = walk.nextToTime();
    const p = input.fetchPage({ toTime, limit: cfg.pageSize }, fetchSignal).then((page) => ({ page, toTime }));
    // Awaited below; a prefetch abandoned at the per-run cap must not become unhandled.
    p.catch(() => undefined);
    return p;
  };
  let sentThisRun = 0;
  let next = fetchNext();
  try {
    for (;;) {
      const { page, toTime } = await next;
      const r = walk.accept(page, toTime);
      if (r.unreachable !== null) progress.warnings.push(unreachableWarning(input.target.channel.chatId, r.unreachable, log));
      const capped = sentThisRun + r.batch.length >= cfg.maxMessagesPerRun;
      // The next page's totime is known now: fetch it while this batch is delivered.
      if (!r.done && !capped) next = fetchNext();
      const state = r.state;
      if (r.batch.length > 0 && state !== null) {
        const counts = countsPlus(r.batch.length);
        // The walk ends here: its top becomes the cursor (every id delivered at the top's ms).
        const after: Checkpoint = r.done ? { walk: null, cursor: state.top, counts } : { walk: state, cursor: durable.cursor, counts };
        const built = buildIngestBatch(input.target, r.batch, formatTranscript(r.batch, { timeZone: cfg.timeZone }));
        await send({ idempotencyKey: built.idempotencyKey, body: built.body, after });
        sentThisRun += r.batch.length;
      } else if (r.done && durable.walk !== null) {
        // An empty last page ends a walk whose batches were all delivered: move the cursor to its top.
        await commit({ walk: null, cursor: durable.walk.top, counts: countsPlus(0) });
      }
      if (r.done) {
        progress.caughtUp = true;
        return;
      }
      if (capped) {
        progress.caughtUp = false;
        return;
      }
    }
  } finally {
    ac.abort();
    await next.catch(() => undefined);
  }
}

export function warningsField(p: Pick<DeliveryProgress, "warnings">): { warnings?: SyncWarning[] } {
  return p.warnings.length === 0 ? {} : { warnings: p.warnings.slice(0, 100) };
}

function unreachableWarning(chatId: string, u: Unreachable, log: Logger): SyncWarning {
  const at = new Date(u.time).toISOString();
  const message = `More messages share the millisecond ${at} than one Zoho page returns: ${u.seen} of them were read, the rest cannot be reached through the Zoho API.`;
  log.warn({ chatId, time: u.time, seen: u.seen }, message);
  return { code: "unreachable_messages", chatId, time: u.time, seen: u.seen, message };
}
