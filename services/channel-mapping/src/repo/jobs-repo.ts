// zoho_sync_jobs: the projection of the SYNC stream. One statement per event merges the event into
// the row (see domain/job-record.ts for what each event contributes):
// - status moves only along the transition's `from` list (never backwards, terminal is final);
// - counters keep their maximum, started_at its minimum, last_event_at its maximum;
// - the error is the latest failure's (by failedAt) and is cleared once the job completed;
// - type, requester, request time come from sync.requested whenever it arrives.
import { Prisma, type Db, type ZohoSyncJob } from "@cliq/db";
import type { JobRecord } from "../domain/job-record.ts";
import type { SqlNames } from "./sql-names.ts";

export type JobsRepo = ReturnType<typeof createJobsRepo>;

export function createJobsRepo(db: Db, names: SqlNames) {
  return {
    async apply(r: JobRecord): Promise<void> {
      const to = Prisma.sql`${r.transition.to}::${names.jobStatus}`;
      const moves = Prisma.sql`(j.status::text = ANY(${[...r.transition.from]}::text[]))`;
      const newStatus = Prisma.sql`(CASE WHEN ${moves} THEN ${to} ELSE j.status END)`;
      const toTerminal = r.transition.to === "completed" || r.transition.to === "failed";
      const takesError = Prisma.sql`(EXCLUDED.error_at IS NOT NULL AND (j.error_at IS NULL OR EXCLUDED.error_at >= j.error_at))`;
      const fromRequest = Prisma.sql`${r.fromRequest}::boolean`;
      const ts = (d: Date | null) => Prisma.sql`${d === null ? null : d.toISOString()}::timestamptz`;
      const insertedError = r.transition.to === "completed" ? null : r.error;

      await db.$executeRaw`
        INSERT INTO ${names.jobs} AS j (
          id, mapping_id, job_type, status, messages_fetched, messages_processed, processing_time_ms,
          error_code, error_message, error_at, retry_of, requested_by, note,
          requested_at, started_at, finished_at, last_event_at)
        VALUES (
          ${r.jobId}::uuid, ${r.mappingId}::uuid, ${r.jobType}::${names.jobType}, ${to},
          ${r.messagesFetched}::int, ${r.messagesProcessed}::int, ${r.processingTimeMs}::int,
          ${insertedError?.code ?? null}::text, ${insertedError?.message ?? null}::text, ${ts(insertedError?.at ?? null)},
          ${r.retryOf}::uuid, ${r.requestedBy}::text, ${r.note}::text,
          ${ts(r.requestedAt)}, ${ts(r.startedAt)}, ${ts(r.finishedAt)}, ${ts(r.occurredAt)})
        ON CONFLICT (id) DO UPDATE SET
          job_type = CASE WHEN ${fromRequest} THEN EXCLUDED.job_type ELSE j.job_type END,
          retry_of = CASE WHEN ${fromRequest} THEN EXCLUDED.retry_of ELSE j.retry_of END,
          requested_by = CASE WHEN ${fromRequest} THEN EXCLUDED.requested_by ELSE j.requested_by END,
          requested_at = CASE WHEN ${fromRequest} THEN EXCLUDED.requested_at ELSE j.requested_at END,
          note = CASE WHEN ${fromRequest} THEN COALESCE(j.note, EXCLUDED.note) ELSE COALESCE(EXCLUDED.note, j.note) END,
          status = ${newStatus},
          messages_fetched = GREATEST(j.messages_fetched, EXCLUDED.messages_fetched),
          messages_processed = GREATEST(j.messages_processed, EXCLUDED.messages_processed),
          processing_time_ms = COALESCE(EXCLUDED.processing_time_ms, j.processing_time_ms),
          error_code = CASE WHEN ${newStatus} = 'completed' THEN NULL WHEN ${takesError} THEN EXCLUDED.error_code ELSE j.error_code END,
          error_message = CASE WHEN ${newStatus} = 'completed' THEN NULL WHEN ${takesError} THEN EXCLUDED.error_message ELSE j.error_message END,
          error_at = CASE WHEN ${newStatus} = 'completed' THEN NULL WHEN ${takesError} THEN EXCLUDED.error_at ELSE j.error_at END,
          started_at = LEAST(j.started_at, EXCLUDED.started_at),
          finished_at = CASE WHEN ${moves} AND ${toTerminal}::boolean THEN EXCLUDED.finished_at ELSE j.finished_at END,
          last_event_at = GREATEST(j.last_event_at, EXCLUDED.last_event_at)`;
    },

    findById(id: string): Promise<ZohoSyncJob | null> {
      return db.zohoSyncJob.findUnique({ where: { id } });
    },

    /** Newest first; `before` is the requestedAt of the last job of the previous page. */
    async listForMapping(mappingId: string, limit: number, before: Date | undefined): Promise<{ jobs: ZohoSyncJob[]; nextBefore: Date | null }> {
      const rows = await db.zohoSyncJob.findMany({
        where: { mappingId, ...(before === undefined ? {} : { requestedAt: { lt: before } }) },
        orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { jobs: page, nextBefore: rows.length > limit && last !== undefined ? last.requestedAt : null };
    },
  };
}
