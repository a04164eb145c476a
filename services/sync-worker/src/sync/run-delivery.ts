// The body of one run, under its lease: read new messages window by window, cut them into
// batches from the cursor, and for each batch: (record it if it touches the live end) → POST →
// checkpoint the cursor (fenced) → publish sync.progress. The cursor moves only after a 2xx, so a
// crash loses at most the batch in flight — which the next run re-sends under the same key.
import type { Cursor } from "@cliq/contracts";
import type { Logger } from "@cliq/runtime";
import type { ZohoMessage } from "@cliq/zoho-client";
import { Batcher } from "../domain/batcher.ts";
import { advance, startPosition, toCursor, type Position } from "../domain/cursor.ts";
import { buildIngestBatch, type IngestBatch, type IngestTarget } from "../domain/ingest-payload.ts";
import { formatTranscript } from "../domain/transcript/index.ts";
import type { IngestTransport } from "../ingest/transport.ts";
import type { CursorRepo, Lease, PendingBatch } from "../repo/cursor-repo.ts";
import { CheckpointWriter } from "./checkpoint-writer.ts";
import { MessageSource, type FetchPage } from "./message-source.ts";
import type { JobRef, SyncEvents } from "./sync-events.ts";

export type DeliveryConfig = {
  leaseTtlMs: number;
  maxMessagesPerRun: number;
  pageSize: number;
  targetPages: number;
  maxPagesPerWindow: number;
  timeZone: string;
  /** Windows read at once (see MessageSource). */
  windowsInFlight: number;
  /** Pages the open-ended first window reads before its estimate may cut it short (see MessageSource). */
  openWindowPages: number;
};

/** Batches the checkpoint may trail the deliveries by (the most a crash re-sends, plus the one in flight). */
const CHECKPOINT_MAX_LAG = 4;

export type DeliveryDeps = { cursors: CursorRepo; events: SyncEvents; ingest: IngestTransport; logger: Logger };

export type DeliveryInput = {
  job: JobRef;
  lease: Lease;
  target: IngestTarget;
  cursor: Cursor;
  syncFromMs: number;
  pending: PendingBatch | null;
  /** Continues a capped run (see SyncRequest): the open-ended window is left after one page. */
  continuesCappedRun: boolean;
  fetchPage: FetchPage<ZohoMessage>;
  signal: AbortSignal;
};

export type DeliveryProgress = { fetched: number; processed: number; cursor: Cursor; caughtUp: boolean };

/** Runs the delivery loop; `progress` is updated as it goes so a failure can report counts. */
export async function deliverNewMessages(deps: DeliveryDeps, cfg: DeliveryConfig, input: DeliveryInput, progress: DeliveryProgress): Promise<void> {
  const { job, lease, signal } = input;
  const log = deps.logger.child({ jobId: job.jobId, mappingId: job.mappingId });
  let pos: Position = startPosition(input.cursor, input.syncFromMs);
  const source = new MessageSource<ZohoMessage>(input.fetchPage, pos, {
    pageSize: cfg.pageSize,
    targetPages: cfg.targetPages,
    maxPagesPerWindow: cfg.maxPagesPerWindow,
    cap: cfg.maxMessagesPerRun,
    windowsInFlight: cfg.windowsInFlight,
    openWindowPages: input.continuesCappedRun ? 1 : cfg.openWindowPages,
    signal,
    onSameMsOverflow: (o) =>
      log.warn({ time: o.time, seen: o.seen }, "a full page of messages shares one millisecond; Zoho cannot page inside it, so messages of that ms beyond it may be missing"),
    onWindowOverflow: (w, stats) => log.debug({ window: w, stats }, "time window held too many messages; reading a shorter one"),
  });
  const batcher = new Batcher<ZohoMessage>(cfg.pageSize, input.pending?.ids ?? null, input.pending?.lastTime ?? null);
  if (input.pending !== null) log.info({ messages: input.pending.ids.length }, "re-sending the batch a previous run had in flight");

  // The checkpoint (and its progress event) is written behind the delivery path (see
  // CheckpointWriter): a crash re-sends the few batches after the stored cursor under the same
  // keys, so nothing is lost or stored twice. Batches at the live end wait for it, because their
  // composition is recorded first.
  const checkpoints = new CheckpointWriter<{ cursor: Cursor; processed: number }>(async ({ cursor, processed }) => {
    await deps.cursors.checkpoint(lease, cursor, cfg.leaseTtlMs);
    progress.processed = processed;
    progress.cursor = cursor;
    await deps.events.progress(job, { messagesFetched: progress.fetched, messagesProcessed: processed, cursor });
  }, CHECKPOINT_MAX_LAG);
  let delivered = progress.processed;

  /** Formatting is CPU work: it is done for batch N+1 while batch N's POST is on the wire. */
  function prepare(batch: ZohoMessage[]): IngestBatch {
    return buildIngestBatch(input.target, batch, formatTranscript(batch, { timeZone: cfg.timeZone }));
  }

  async function send(batch: ZohoMessage[], live: boolean, prepared: IngestBatch): Promise<void> {
    signal.throwIfAborted();
    const last = batch.at(-1) as ZohoMessage;
    if (live) {
      await checkpoints.flush();
      // At the live end, new messages may join this batch's last millisecond before a re-send:
      // record exactly what is sent so a crashed run can re-form it.
      await deps.cursors.recordPending(lease, { ids: batch.map((m) => m.id), lastTime: last.time }, cfg.leaseTtlMs);
    }
    await deps.ingest.deliver(prepared);
    pos = advance(pos, batch);
    delivered += batch.length;
    await checkpoints.submit({ cursor: toCursor(pos), processed: delivered });
  }

  // One batch is sent at a time, in order; `posting` is the one in flight. The next batch is
  // formatted (and the next window awaited) while it is on the wire.
  let posting: Promise<void> = Promise.resolve();
  let sent = 0;
  try {
    for (;;) {
      signal.throwIfAborted();
      const w = await source.next();
      if (w === null) break;
      progress.fetched += w.messages.length;
      const batches = batcher.push(w.messages);
      // The open window is the end of the data: the partial tail goes out too.
      if (w.live) batches.push(...batcher.flush());
      for (const b of batches) {
        // The per-run cap is strict; what is left is re-read by the continuation.
        if (sent + b.length > cfg.maxMessagesPerRun && sent > 0) {
          await posting;
          await checkpoints.flush();
          progress.caughtUp = false;
          return;
        }
        const prepared = prepare(b);
        await posting;
        posting = send(b, w.live, prepared);
        // Its failure is thrown by the next `await posting`; until then it is not unhandled.
        posting.catch(() => undefined);
        sent += b.length;
      }
    }
    await posting;
    await checkpoints.flush();
    progress.caughtUp = source.caughtUp;
  } finally {
    await posting.catch(() => undefined);
    await checkpoints.flush().catch(() => undefined);
    await source.close();
  }
}
