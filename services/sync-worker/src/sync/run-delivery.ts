// The body of one run, under its lease: read new messages window by window, cut them into
// batches from the cursor, and for each batch: (record it if it touches the live end) → POST →
// checkpoint the cursor (fenced) → publish sync.progress. The cursor moves only after a 2xx, so a
// crash loses at most the batch in flight — which the next run re-sends under the same key.
import type { Cursor } from "@cliq/contracts";
import type { Logger } from "@cliq/runtime";
import type { ZohoMessage } from "@cliq/zoho-client";
import { Batcher } from "../domain/batcher.ts";
import { advance, startPosition, toCursor, type Position } from "../domain/cursor.ts";
import { buildIngestBatch, type IngestTarget } from "../domain/ingest-payload.ts";
import { formatTranscript } from "../domain/transcript/index.ts";
import type { IngestTransport } from "../ingest/transport.ts";
import type { CursorRepo, Lease, PendingBatch } from "../repo/cursor-repo.ts";
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
};

export type DeliveryDeps = { cursors: CursorRepo; events: SyncEvents; ingest: IngestTransport; logger: Logger };

export type DeliveryInput = {
  job: JobRef;
  lease: Lease;
  target: IngestTarget;
  cursor: Cursor;
  syncFromMs: number;
  pending: PendingBatch | null;
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
    signal,
    onSameMsOverflow: (o) =>
      log.warn({ time: o.time, seen: o.seen }, "a full page of messages shares one millisecond; Zoho cannot page inside it, so messages of that ms beyond it may be missing"),
    onWindowOverflow: (w, stats) => log.debug({ window: w, stats }, "time window held too many messages; reading a shorter one"),
  });
  const batcher = new Batcher<ZohoMessage>(cfg.pageSize, input.pending?.ids ?? null, input.pending?.lastTime ?? null);
  if (input.pending !== null) log.info({ messages: input.pending.ids.length }, "re-sending the batch a previous run had in flight");

  // The checkpoint (and its progress event) of batch N is written while batch N+1 is posted: a
  // crash in between re-sends batch N under the same key (the first batch after the stored cursor
  // is the same batch), so nothing is lost or stored twice, and the database and NATS round trips
  // leave the delivery path. At most one checkpoint is in flight; its failure surfaces at the next
  // batch. Batches at the live end wait for it, because their composition is recorded first.
  let written: Promise<void> = Promise.resolve();

  async function send(batch: ZohoMessage[], live: boolean): Promise<void> {
    signal.throwIfAborted();
    const last = batch.at(-1) as ZohoMessage;
    if (live) {
      await written;
      // At the live end, new messages may join this batch's last millisecond before a re-send:
      // record exactly what is sent so a crashed run can re-form it.
      await deps.cursors.recordPending(lease, { ids: batch.map((m) => m.id), lastTime: last.time }, cfg.leaseTtlMs);
    }
    const lines = formatTranscript(batch, { timeZone: cfg.timeZone });
    await deps.ingest.deliver(buildIngestBatch(input.target, batch, lines));
    await written;
    pos = advance(pos, batch);
    const cursor = toCursor(pos);
    const processed = progress.processed + batch.length;
    written = (async () => {
      await deps.cursors.checkpoint(lease, cursor, cfg.leaseTtlMs);
      progress.processed = processed;
      progress.cursor = cursor;
      await deps.events.progress(job, { messagesFetched: progress.fetched, messagesProcessed: processed, cursor });
    })();
    written.catch(() => undefined);
  }

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
          await written;
          progress.caughtUp = false;
          return;
        }
        await send(b, w.live);
        sent += b.length;
      }
    }
    await written;
    progress.caughtUp = source.caughtUp;
  } finally {
    await written.catch(() => undefined);
    await source.close();
  }
}
