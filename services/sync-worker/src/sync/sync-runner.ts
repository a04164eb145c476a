// One sync job, start to finish: skip paused/deleted mappings, coalesce a request for a mapping
// that is already syncing, take the lease, deliver, and record the outcome as events. Returns
// what the consumer should do with the message; it never throws for an expected failure.
import type { JOB_TYPES } from "@cliq/contracts";
import type { Logger } from "@cliq/runtime";
import type { ZohoMessage } from "@cliq/zoho-client";
import { LeaseLostError, WorkerStoppingError } from "../domain/errors.ts";
import { classifyFailure, type FailurePolicy } from "../domain/failure.ts";
import type { IngestTransport } from "../ingest/transport.ts";
import type { CursorRepo, Lease } from "../repo/cursor-repo.ts";
import type { MappingForSync, MappingRepo } from "../repo/mapping-repo.ts";
import { keepLease } from "./lease-keeper.ts";
import { deliverNewMessages, warningsField, type DeliveryConfig, type DeliveryProgress, type FetchPage } from "./run-delivery.ts";
import { cursorEventFields, type JobRef, type SyncEvents } from "./sync-events.ts";

export type SyncRequest = {
  jobId: string;
  mappingId: string;
  jobType: (typeof JOB_TYPES)[number];
  /** Queued by a run that stopped at the per-run cap: this job carries on its counters. */
  continuationOf?: string;
  attempt: number;
  isLastAttempt: boolean;
  correlationId: string;
};

export type Disposition = { kind: "done" } | { kind: "retry"; delayMs: number; reason: string };

export type SyncRunnerConfig = DeliveryConfig & { heartbeatMs: number; failurePolicy: FailurePolicy };

export type SyncRunnerDeps = {
  cursors: CursorRepo;
  mappings: MappingRepo;
  events: SyncEvents;
  ingest: IngestTransport;
  fetchPages: (chatId: string) => FetchPage<ZohoMessage>;
  logger: Logger;
  workerId: string;
  now: () => number;
  config: SyncRunnerConfig;
};

const DONE: Disposition = { kind: "done" };

const noProgress = (cursor: DeliveryProgress["cursor"]): DeliveryProgress => ({ fetched: 0, processed: 0, cursor, frontier: null, caughtUp: false, warnings: [] });

export class SyncRunner {
  readonly #d: SyncRunnerDeps;
  readonly #running = new Set<AbortController>();
  #stopping = false;

  constructor(deps: SyncRunnerDeps) {
    this.#d = deps;
  }

  /** Ends every run after its current checkpoint; their jobs go back to the queue. */
  stop(): void {
    this.#stopping = true;
    for (const ac of this.#running) ac.abort(new WorkerStoppingError("the worker is stopping"));
  }

  async run(req: SyncRequest, hooks: { working(): void }): Promise<Disposition> {
    const d = this.#d;
    const job: JobRef = { jobId: req.jobId, mappingId: req.mappingId, correlationId: req.correlationId };
    const startedAt = d.now();
    if (this.#stopping) return this.#handBack(req, job, noProgress(await d.cursors.read(req.mappingId)));

    try {
      const mapping = await d.mappings.find(req.mappingId);
      if (mapping === null) return await this.#finishWithoutRun(job, "skipped", "the mapping was deleted", startedAt);
      if (mapping.syncStatus === "paused") return await this.#finishWithoutRun(job, "skipped", "the mapping is paused", startedAt);

      const countsOf = req.continuationOf === undefined ? [req.jobId] : [req.jobId, req.continuationOf];
      const acq = await d.cursors.acquire(req.mappingId, d.workerId, req.jobId, d.config.leaseTtlMs, countsOf);
      if (acq.kind === "busy") {
        if (acq.jobId !== req.jobId) {
          return await this.#finishWithoutRun(job, "coalesced", `the mapping is already syncing (job ${acq.jobId ?? "unknown"} on ${acq.owner ?? "another worker"})`, startedAt);
        }
        // An earlier delivery of this very job holds the lease: its worker died (the lease will
        // expire) or is finishing. Come back when the lease would have expired.
        if (!req.isLastAttempt) return { kind: "retry", delayMs: acq.expiresInMs + 1_000, reason: "an earlier delivery of this job still holds the mapping's lease" };
        await d.events.failed(job, this.#failedFields(req, "max_deliveries_exhausted", "gave up: an earlier delivery of this job kept holding the mapping's lease", true, { fetched: 0, processed: 0 }));
        return DONE;
      }
      return await this.#runUnderLease(req, job, mapping, acq.lease, acq, hooks, startedAt);
    } catch (err) {
      // Nothing ran yet (database or NATS trouble): retry, or end the job on its last delivery.
      return this.#onRunError(req, job, err, noProgress({ time: null, ids: [] }), d.logger.child({ jobId: req.jobId }));
    }
  }

  async #runUnderLease(
    req: SyncRequest,
    job: JobRef,
    mapping: MappingForSync,
    lease: Lease,
    acq: Extract<Awaited<ReturnType<CursorRepo["acquire"]>>, { kind: "acquired" }>,
    hooks: { working(): void },
    startedAt: number,
  ): Promise<Disposition> {
    const d = this.#d;
    const log = d.logger.child({ jobId: req.jobId, mappingId: req.mappingId, attempt: req.attempt });
    const ac = new AbortController();
    this.#running.add(ac);
    if (this.#stopping) ac.abort(new WorkerStoppingError("the worker is stopping"));
    const keeper = keepLease({ cursors: d.cursors, lease, ttlMs: d.config.leaseTtlMs, logger: log, onLost: (err) => ac.abort(err) });
    const heartbeat = setInterval(() => hooks.working(), d.config.heartbeatMs);
    const progress: DeliveryProgress = { ...noProgress(acq.cursor), fetched: acq.counts.fetched, processed: acq.counts.processed, warnings: [...acq.counts.warnings] };
    let thrown: { err: unknown } | undefined;
    try {
      await d.events.started(job, { workerId: d.workerId, attempt: req.attempt, cursor: acq.cursor, ...(acq.walk === null ? {} : { frontier: acq.walk.frontier }), startedAt: new Date(startedAt).toISOString() });
      await deliverNewMessages(
        d,
        d.config,
        {
          job,
          lease,
          target: { mappingId: mapping.id, clientId: mapping.clientId, roomId: mapping.roomId, channel: { id: mapping.zohoChannelId, chatId: mapping.zohoChatId, name: mapping.zohoChannelName } },
          cursor: acq.cursor,
          syncFromMs: mapping.syncFrom.getTime(),
          walk: acq.walk,
          pending: acq.pending,
          counts: acq.counts,
          fetchPage: d.fetchPages(mapping.zohoChatId),
          signal: ac.signal,
        },
        progress,
      );
    } catch (err) {
      thrown = { err: ac.signal.aborted ? ac.signal.reason : err };
    } finally {
      clearInterval(heartbeat);
      keeper.stop();
      this.#running.delete(ac);
      await d.cursors.release(lease).catch((err: unknown) => log.warn({ err }, "could not release the lease; it expires on its own"));
    }
    // The outcome is published only once the lease is free: a retry asked for as soon as the
    // failure shows must run, not be coalesced into the job that just ended.
    if (thrown !== undefined) return this.#onRunError(req, job, thrown.err, progress, log);
    // Only now that the lease is free: a continuation picked up at once must not find it held.
    const continued = !progress.caughtUp;
    if (continued) await d.events.continuation(job, req.jobType, new Date(d.now()).toISOString());
    const reason = continued ? `per-run cap of ${d.config.maxMessagesPerRun} messages reached; continuation queued` : progress.processed === 0 ? "no new messages" : undefined;
    await d.events.completed(job, this.#completedFields("synced", reason, progress, continued, Math.max(0, Math.round(d.now() - startedAt))));
    log.info({ fetched: progress.fetched, processed: progress.processed, continued }, "sync run finished");
    return DONE;
  }

  async #onRunError(req: SyncRequest, job: JobRef, err: unknown, progress: DeliveryProgress, log: Logger): Promise<Disposition> {
    const d = this.#d;
    if (err instanceof WorkerStoppingError) {
      log.info({ processed: progress.processed }, "run stopped at a checkpoint for shutdown; the job goes back to the queue");
      return this.#handBack(req, job, progress);
    }
    if (err instanceof LeaseLostError) {
      const holder = await d.cursors.holder(req.mappingId).catch(() => null);
      log.warn({ err: err.message, holder }, "run ended: the lease was taken over");
      // Another job took the mapping: it carries the sync on; record this one as merged into it.
      if (holder !== null && holder.jobId !== req.jobId) {
        await d.events.completed(job, this.#completedFields("coalesced", `the lease expired and job ${holder.jobId ?? "unknown"} took the mapping over`, progress, false, 0));
      }
      return DONE;
    }
    const f = classifyFailure(err, req.attempt, d.config.failurePolicy);
    const final = !f.retryable || req.isLastAttempt;
    log[final ? "error" : "warn"]({ code: f.code, err, final }, `sync run failed: ${f.message}`);
    await d.events.failed(job, this.#failedFields(req, f.code, f.message, final, progress, f.retryable, f.needsAdmin));
    return final ? DONE : { kind: "retry", delayMs: f.retryAfterMs ?? d.config.failurePolicy.baseRetryDelayMs, reason: f.message };
  }

  #completedFields(outcome: "synced" | "skipped" | "coalesced", reason: string | undefined, p: Pick<DeliveryProgress, "fetched" | "processed" | "cursor" | "warnings">, continued: boolean, durationMs: number) {
    return {
      outcome,
      ...(reason === undefined ? {} : { reason }),
      messagesFetched: p.fetched,
      messagesProcessed: p.processed,
      durationMs,
      ...cursorEventFields(p.cursor),
      continued,
      finishedAt: new Date(this.#d.now()).toISOString(),
      ...warningsField(p),
    };
  }

  #failedFields(req: SyncRequest, code: Parameters<SyncEvents["failed"]>[1]["code"], message: string, final: boolean, p: { fetched: number; processed: number; warnings?: DeliveryProgress["warnings"] }, retryable = false, needsAdmin = false) {
    return { code, message, retryable, attempt: req.attempt, final, needsAdmin, messagesFetched: p.fetched, messagesProcessed: p.processed, failedAt: new Date(this.#d.now()).toISOString(), ...warningsField({ warnings: p.warnings ?? [] }) };
  }

  /** Shutdown: another replica takes the job. On its last delivery it is re-queued as a continuation instead. */
  async #handBack(req: SyncRequest, job: JobRef, progress: DeliveryProgress): Promise<Disposition> {
    if (!req.isLastAttempt) return { kind: "retry", delayMs: 1_000, reason: "the worker is stopping" };
    const d = this.#d;
    await d.events.continuation(job, req.jobType, new Date(d.now()).toISOString());
    await d.events.completed(job, this.#completedFields("synced", "the worker stopped on the job's last delivery; continuation queued", progress, true, 0));
    return DONE;
  }

  async #finishWithoutRun(job: JobRef, outcome: "skipped" | "coalesced", reason: string, startedAt: number): Promise<Disposition> {
    const d = this.#d;
    const cursor = await d.cursors.read(job.mappingId);
    d.logger.info({ jobId: job.jobId, mappingId: job.mappingId, outcome, reason }, `sync request ${outcome}`);
    await d.events.completed(job, this.#completedFields(outcome, reason, noProgress(cursor), false, Math.max(0, Math.round(d.now() - startedAt))));
    return DONE;
  }
}
