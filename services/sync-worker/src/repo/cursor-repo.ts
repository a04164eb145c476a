// zoho_sync_cursors, owned by the sync worker: the cursor and the run lease of each mapping.
// Every write made under a lease is fenced (`WHERE fencing_token = $mine`): a worker whose lease
// expired and was taken over can no longer move the cursor, whatever it still believes.
// Lease times are the database's clock (now()), so replicas with skewed clocks agree.
import type { Cursor } from "@cliq/contracts";
import type { Db } from "@cliq/db";
import { LeaseLostError } from "../domain/errors.ts";

export type Lease = { mappingId: string; owner: string; jobId: string; fencingToken: string };
export type PendingBatch = { ids: string[]; lastTime: number };

export type AcquireResult =
  | { kind: "acquired"; lease: Lease; cursor: Cursor; pending: PendingBatch | null }
  | { kind: "busy"; owner: string | null; jobId: string | null; expiresInMs: number };

export type CursorRepo = {
  /** Takes the lease when it is free or expired; a new fencing token invalidates the previous holder. */
  acquire(mappingId: string, owner: string, jobId: string, ttlMs: number): Promise<AcquireResult>;
  /** Extends the lease; false when it was taken over. */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Records the batch about to be sent (write-ahead), so a crashed run re-sends exactly it. */
  recordPending(lease: Lease, pending: PendingBatch, ttlMs: number): Promise<void>;
  /** Moves the cursor after a delivered batch and clears the pending batch. */
  checkpoint(lease: Lease, cursor: Cursor, ttlMs: number): Promise<void>;
  /** Gives the lease up (only if still ours). */
  release(lease: Lease): Promise<void>;
  read(mappingId: string): Promise<Cursor>;
  /** Who holds the lease now (null when nobody does). */
  holder(mappingId: string): Promise<{ owner: string; jobId: string | null } | null>;
};

type AcquiredRow = { fencing_token: bigint | string; last_message_time: bigint | string | null; last_message_ids: string[] | null; pending_batch_ids: string[] | null; pending_batch_last_time: bigint | string | null };
type HolderRow = { lease_owner: string | null; lease_job_id: string | null; expires_in_ms: number | string | null };

const num = (v: bigint | string | number | null): number | null => (v === null ? null : Number(v));
const TTL = "($TTL::double precision * interval '1 millisecond')";
const ttl = (n: number) => TTL.replace("$TTL", `$${n}`);

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
    async acquire(mappingId, owner, jobId, ttlMs) {
      const rows = await db.$queryRawUnsafe<AcquiredRow[]>(
        `INSERT INTO ${table} AS c (mapping_id, lease_owner, lease_job_id, fencing_token, lease_expires_at, updated_at)
         VALUES ($1::uuid, $2, $3::uuid, 1, now() + ${ttl(4)}, now())
         ON CONFLICT (mapping_id) DO UPDATE
           SET lease_owner = EXCLUDED.lease_owner, lease_job_id = EXCLUDED.lease_job_id,
               fencing_token = c.fencing_token + 1, lease_expires_at = EXCLUDED.lease_expires_at, updated_at = now()
           WHERE c.lease_expires_at IS NULL OR c.lease_expires_at <= now()
         RETURNING fencing_token, last_message_time, last_message_ids, pending_batch_ids, pending_batch_last_time`,
        mappingId,
        owner,
        jobId,
        ttlMs,
      );
      const row = rows[0];
      if (row !== undefined) {
        const pendingTime = num(row.pending_batch_last_time);
        return {
          kind: "acquired",
          lease: { mappingId, owner, jobId, fencingToken: String(row.fencing_token) },
          cursor: { time: num(row.last_message_time), ids: row.last_message_ids ?? [] },
          pending: row.pending_batch_ids !== null && row.pending_batch_ids.length > 0 && pendingTime !== null ? { ids: row.pending_batch_ids, lastTime: pendingTime } : null,
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

    recordPending(lease, pending, ttlMs) {
      return fenced(lease, `pending_batch_ids = $3::text[], pending_batch_last_time = $4::bigint, lease_expires_at = now() + ${ttl(5)}`, [pending.ids, pending.lastTime, ttlMs], "sending a batch");
    },

    checkpoint(lease, cursor, ttlMs) {
      return fenced(
        lease,
        `last_message_time = $3::bigint, last_message_ids = $4::text[], pending_batch_ids = NULL, pending_batch_last_time = NULL, lease_expires_at = now() + ${ttl(5)}`,
        [cursor.time, cursor.ids, ttlMs],
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
      const rows = await db.$queryRawUnsafe<{ last_message_time: bigint | string | null; last_message_ids: string[] | null }[]>(
        `SELECT last_message_time, last_message_ids FROM ${table} WHERE mapping_id = $1::uuid`,
        mappingId,
      );
      const r = rows[0];
      return r === undefined ? { time: null, ids: [] } : { time: num(r.last_message_time), ids: r.last_message_ids ?? [] };
    },
  };
}
