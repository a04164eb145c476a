// zoho_sync_cursors, owned by the sync worker: per mapping the cursor (high watermark), the run
// lease, the backward walk in progress, the batch written ahead of its POST, and the job counters.
// Every write made under a lease is fenced (`WHERE fencing_token = $mine`): a worker whose lease
// expired and was taken over can no longer move anything, whatever it still believes.
// Lease times are the database's clock (now()), so replicas with skewed clocks agree.
import type { Cursor, SyncWarning } from "@cliq/contracts";
import type { Db } from "@cliq/db";
import type { WalkState } from "../domain/backward-walk.ts";
import { LeaseLostError } from "../domain/errors.ts";
import type { IngestBody } from "../domain/ingest-payload.ts";

export type Lease = { mappingId: string; owner: string; jobId: string; fencingToken: string };
/** The job's counters and warnings: they count the whole job across redeliveries and continuations. */
export type JobCounts = { fetched: number; processed: number; warnings: SyncWarning[] };

/** What is durable after a delivered batch: the walk (null once it ended), the cursor, the counts. */
export type Checkpoint = { walk: WalkState | null; cursor: Cursor; counts: JobCounts };
/** A batch written ahead of its POST: re-sent verbatim by a run resuming after a crash. */
export type PendingBatch = { idempotencyKey: string; body: IngestBody; after: Checkpoint };

export type AcquireResult =
  | { kind: "acquired"; lease: Lease; cursor: Cursor; walk: WalkState | null; pending: PendingBatch | null; counts: JobCounts }
  | { kind: "busy"; owner: string | null; jobId: string | null; expiresInMs: number };

export type CursorRepo = {
  /**
   * Takes the lease when it is free or expired; a new fencing token invalidates the previous holder.
   * `countsOf`: the job ids whose counters this job carries on (itself, the job it continues).
   */
  acquire(mappingId: string, owner: string, jobId: string, ttlMs: number, countsOf?: readonly string[]): Promise<AcquireResult>;
  /** Extends the lease; false when it was taken over. */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Writes the batch ahead of its POST (fenced). */
  writeAhead(lease: Lease, pending: PendingBatch, ttlMs: number): Promise<void>;
  /** After a 2xx: the walk, cursor and job counters move together and the pending batch is cleared. */
  checkpoint(lease: Lease, cp: Checkpoint, ttlMs: number): Promise<void>;
  /** Gives the lease up (only if still ours). */
  release(lease: Lease): Promise<void>;
  read(mappingId: string): Promise<Cursor>;
  /** Who holds the lease now (null when nobody does). */
  holder(mappingId: string): Promise<{ owner: string; jobId: string | null } | null>;
};

type Big = bigint | string | number | null;
type AcquiredRow = {
  fencing_token: Big;
  last_message_time: Big;
  last_message_ids: string[] | null;
  walk_top_time: Big;
  walk_top_ids: string[];
  walk_frontier_time: Big;
  walk_frontier_ids: string[];
  /** JSON text, not jsonb: jsonb refuses \u0000, which a message's text may hold. */
  pending_batch: string | null;
  counted_job_id: string | null;
  job_messages_fetched: number;
  job_messages_processed: number;
  job_warnings: string | null;
};
type HolderRow = { lease_owner: string | null; lease_job_id: string | null; expires_in_ms: Big };

const num = (v: Big): number | null => (v === null ? null : Number(v));
const ttl = (n: number) => `($${n}::double precision * interval '1 millisecond')`;

/**
 * `schema`: the PostgreSQL schema the tables live in (DB_SCHEMA). Prisma's adapter applies it to
 * model queries only, so the raw statements here name it themselves.
 */
export function createCursorRepo(db: Db, schema?: string): CursorRepo {
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
  const table = schema === undefined ? "zoho_sync_cursors" : `"${schema}".zoho_sync_cursors`;
  async function fenced(lease: Lease, setSql: string, params: unknown[], what: string): Promise<void> {
    const n = await db.$executeRawUnsafe(
      `UPDATE ${table} SET ${setSql}, updated_at = now() WHERE mapping_id = $1::uuid AND fencing_token = $2::bigint`,
      lease.mappingId,
      lease.fencingToken,
      ...params,
    );
    if (n !== 1) throw new LeaseLostError(`lost the lease on mapping ${lease.mappingId} before ${what}: another worker took it over`);
  }

  return {
    async acquire(mappingId, owner, jobId, ttlMs, countsOf = [jobId]) {
      const rows = await db.$queryRawUnsafe<AcquiredRow[]>(
        `INSERT INTO ${table} AS c (mapping_id, lease_owner, lease_job_id, fencing_token, lease_expires_at, updated_at)
         VALUES ($1::uuid, $2, $3::uuid, 1, now() + ${ttl(4)}, now())
         ON CONFLICT (mapping_id) DO UPDATE
           SET lease_owner = EXCLUDED.lease_owner, lease_job_id = EXCLUDED.lease_job_id,
               fencing_token = c.fencing_token + 1, lease_expires_at = EXCLUDED.lease_expires_at, updated_at = now()
           WHERE c.lease_expires_at IS NULL OR c.lease_expires_at <= now()
         RETURNING fencing_token, last_message_time, last_message_ids, walk_top_time, walk_top_ids, walk_frontier_time,
                   walk_frontier_ids, pending_batch, counted_job_id::text AS counted_job_id, job_messages_fetched, job_messages_processed, job_warnings`,
        mappingId,
        owner,
        jobId,
        ttlMs,
      );
      const row = rows[0];
      if (row !== undefined) {
        const topTime = num(row.walk_top_time);
        const frontierTime = num(row.walk_frontier_time);
        const carries = row.counted_job_id !== null && countsOf.includes(row.counted_job_id);
        return {
          kind: "acquired",
          lease: { mappingId, owner, jobId, fencingToken: String(row.fencing_token) },
          cursor: { time: num(row.last_message_time), ids: row.last_message_ids ?? [] },
          walk: topTime === null || frontierTime === null ? null : { top: { time: topTime, ids: row.walk_top_ids }, frontier: { time: frontierTime, ids: row.walk_frontier_ids } },
          pending: row.pending_batch === null ? null : (JSON.parse(row.pending_batch) as PendingBatch),
          counts: carries
            ? { fetched: row.job_messages_fetched, processed: row.job_messages_processed, warnings: row.job_warnings === null ? [] : (JSON.parse(row.job_warnings) as SyncWarning[]) }
            : { fetched: 0, processed: 0, warnings: [] },
        };
      }
      const holder = await db.$queryRawUnsafe<HolderRow[]>(
        `SELECT lease_owner, lease_job_id::text AS lease_job_id,
                GREATEST(0, EXTRACT(EPOCH FROM (lease_expires_at - now())) * 1000) AS expires_in_ms
           FROM ${table} WHERE mapping_id = $1::uuid`,
        mappingId,
      );
      const h = holder[0];
      return { kind: "busy", owner: h?.lease_owner ?? null, jobId: h?.lease_job_id ?? null, expiresInMs: Math.ceil(num(h?.expires_in_ms ?? 0) ?? 0) };
    },

    async renew(lease, ttlMs) {
      const n = await db.$executeRawUnsafe(
        // lease_owner IS NOT NULL: a renewal still in flight when the run released its lease must
        // not put an expiry back on the released (ownerless) row and block the next job.
        `UPDATE ${table} SET lease_expires_at = now() + ${ttl(3)}, updated_at = now()
          WHERE mapping_id = $1::uuid AND fencing_token = $2::bigint AND lease_owner IS NOT NULL`,
        lease.mappingId,
        lease.fencingToken,
        ttlMs,
      );
      return n === 1;
    },

    writeAhead(lease, pending, ttlMs) {
      return fenced(lease, `pending_batch = $3, lease_expires_at = now() + ${ttl(4)}`, [JSON.stringify(pending), ttlMs], "sending a batch");
    },

    checkpoint(lease, cp, ttlMs) {
      const w = cp.walk;
      return fenced(
        lease,
        `last_message_time = $3::bigint, last_message_ids = $4::text[],
         walk_top_time = $5::bigint, walk_top_ids = $6::text[], walk_frontier_time = $7::bigint, walk_frontier_ids = $8::text[],
         pending_batch = NULL, counted_job_id = $9::uuid, job_messages_fetched = $10, job_messages_processed = $11, job_warnings = $12,
         lease_expires_at = now() + ${ttl(13)}`,
        [cp.cursor.time, cp.cursor.ids, w?.top.time ?? null, w?.top.ids ?? [], w?.frontier.time ?? null, w?.frontier.ids ?? [], lease.jobId, cp.counts.fetched, cp.counts.processed, cp.counts.warnings.length === 0 ? null : JSON.stringify(cp.counts.warnings), ttlMs],
        "moving the cursor",
      );
    },

    async release(lease) {
      await db.$executeRawUnsafe(
        `UPDATE ${table} SET lease_owner = NULL, lease_job_id = NULL, lease_expires_at = NULL, updated_at = now()
          WHERE mapping_id = $1::uuid AND fencing_token = $2::bigint`,
        lease.mappingId,
        lease.fencingToken,
      );
    },

    async holder(mappingId) {
      const rows = await db.$queryRawUnsafe<{ lease_owner: string | null; lease_job_id: string | null }[]>(
        `SELECT lease_owner, lease_job_id::text AS lease_job_id FROM ${table} WHERE mapping_id = $1::uuid AND lease_expires_at > now()`,
        mappingId,
      );
      const r = rows[0];
      return r === undefined || r.lease_owner === null ? null : { owner: r.lease_owner, jobId: r.lease_job_id };
    },

    async read(mappingId) {
      const rows = await db.$queryRawUnsafe<{ last_message_time: Big; last_message_ids: string[] | null }[]>(
        `SELECT last_message_time, last_message_ids FROM ${table} WHERE mapping_id = $1::uuid`,
        mappingId,
      );
      const r = rows[0];
      return r === undefined ? { time: null, ids: [] } : { time: num(r.last_message_time), ids: r.last_message_ids ?? [] };
    },
  };
}
