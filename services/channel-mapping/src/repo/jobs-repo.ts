// zoho_sync_jobs: the projection of the SYNC stream. One statement per event merges the event into
// the row (see domain/job-record.ts for what each event contributes):
// - status moves only along the transition's `from` list (never backwards, terminal is final);
// - counters keep their maximum, started_at its minimum, last_event_at its maximum;
// - the error is the latest failure's (by failedAt) and is cleared once the job completed;
// - type, requester, request time come from sync.requested whenever it arrives;
// - warnings are the union of every event's (domain/job-warnings.ts, the same rules in SQL below).
import { Prisma, type Db, type ZohoSyncJob } from "@cliq/db";
import type { JobRecord } from "../domain/job-record.ts";
import { MAX_JOB_WARNINGS } from "../domain/job-warnings.ts";
import type { SqlNames } from "./sql-names.ts";

export type JobsRepo = ReturnType<typeof createJobsRepo>;

/** The newest job of a mapping, as the rooms view marks it. */
export type LatestJob = Pick<ZohoSyncJob, "id" | "mappingId" | "status" | "requestedAt" | "warnings">;

/**
 * The stored warnings merged with the event's, as mergeWarnings does: one per (chatId, time) with
 * the largest seen (then the larger message, then code), the newest MAX_JOB_WARNINGS by (time
 * desc, chatId), bytewise string order (COLLATE "C"). NULL when there are none (jsonb_agg of
 * nothing).
 */
const mergedWarnings = Prisma.sql`(
  SELECT jsonb_agg(top.w ORDER BY (top.w->>'time')::bigint DESC, top.w->>'chatId' COLLATE "C")
  FROM (
    SELECT one.w FROM (
      SELECT DISTINCT ON (e.w->>'chatId', (e.w->>'time')::bigint) e.w
      FROM jsonb_array_elements(COALESCE(j.warnings, '[]'::jsonb) || COALESCE(EXCLUDED.warnings, '[]'::jsonb)) AS e(w)
      ORDER BY e.w->>'chatId', (e.w->>'time')::bigint, (e.w->>'seen')::bigint DESC, e.w->>'message' COLLATE "C" DESC, e.w->>'code' COLLATE "C" DESC
    ) AS one
    ORDER BY (one.w->>'time')::bigint DESC, one.w->>'chatId' COLLATE "C"
    LIMIT ${MAX_JOB_WARNINGS}::int
  ) AS top)`;

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
      const warnings = r.warnings.length === 0 ? null : JSON.stringify(r.warnings);

      await db.$executeRaw`
        INSERT INTO ${names.jobs} AS j (
          id, mapping_id, job_type, status, messages_fetched, messages_processed, processing_time_ms,
          error_code, error_message, error_at, retry_of, requested_by, note,
          requested_at, started_at, finished_at, last_event_at, warnings)
        VALUES (
          ${r.jobId}::uuid, ${r.mappingId}::uuid, ${r.jobType}::${names.jobType}, ${to},
          ${r.messagesFetched}::int, ${r.messagesProcessed}::int, ${r.processingTimeMs}::int,
          ${insertedError?.code ?? null}::text, ${insertedError?.message ?? null}::text, ${ts(insertedError?.at ?? null)},
          ${r.retryOf}::uuid, ${r.requestedBy}::text, ${r.note}::text,
          ${ts(r.requestedAt)}, ${ts(r.startedAt)}, ${ts(r.finishedAt)}, ${ts(r.occurredAt)}, ${warnings}::jsonb)
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
          last_event_at = GREATEST(j.last_event_at, EXCLUDED.last_event_at),
          warnings = CASE WHEN EXCLUDED.warnings IS NULL THEN j.warnings ELSE ${mergedWarnings} END`;
    },

    /** Each mapping's newest job (by request time, then id, as listForMapping orders them). */
    async latestForMappings(mappingIds: readonly string[]): Promise<Map<string, LatestJob>> {
      if (mappingIds.length === 0) return new Map();
      const rows = await db.$queryRaw<{ id: string; mapping_id: string; status: ZohoSyncJob["status"]; requested_at: Date; warnings: ZohoSyncJob["warnings"] }[]>`
        SELECT DISTINCT ON (mapping_id) id::text AS id, mapping_id::text AS mapping_id, status::text AS status, requested_at, warnings
        FROM ${names.jobs}
        WHERE mapping_id = ANY(${[...mappingIds]}::uuid[])
        ORDER BY mapping_id, requested_at DESC, id DESC`;
      return new Map(rows.map((r) => [r.mapping_id, { id: r.id, mappingId: r.mapping_id, status: r.status, requestedAt: r.requested_at, warnings: r.warnings }]));
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
