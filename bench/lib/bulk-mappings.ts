// Inserts N active mappings for the scheduler benchmark in three set-based statements
// (generate_series, gen_random_uuid): one client per 100 rooms, one internal room per mapping.
// 100k rows take seconds this way, where row-by-row Prisma creates would take minutes. The sync
// benchmark's daily sweep inserts mappings of real simulator channels, already synced.
import { randomUUID } from "node:crypto";
import type pg from "pg";

export const ROOMS_PER_CLIENT = 100;

/** Fills an empty test schema (the pool's search_path) with `count` mappings; returns how many exist. */
export async function insertMappings(pool: pg.Pool, count: number): Promise<number> {
  const clients = Math.ceil(count / ROOMS_PER_CLIENT);
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query(`INSERT INTO clients (id, name) SELECT gen_random_uuid(), 'bench client ' || g FROM generate_series(1, $1::int) AS g`, [clients]);
    await c.query(
      `WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM clients)
       INSERT INTO rooms (id, client_id, name, kind)
       SELECT gen_random_uuid(), numbered.id, 'bench room ' || g, 'internal'
       FROM generate_series(1, $1::int) AS g JOIN numbered ON numbered.n = (g - 1) / $2::int + 1`,
      [count, ROOMS_PER_CLIENT],
    );
    await c.query(
      `INSERT INTO zoho_channel_mappings (id, client_id, room_id, zoho_channel_id, zoho_chat_id, zoho_channel_name, created_by, updated_at)
       SELECT gen_random_uuid(), r.client_id, r.id, 'T' || lpad(r.n::text, 9, '0'), 'CT_' || lpad(r.n::text, 9, '0'), '#bench-' || r.n, 'bench', now()
       FROM (SELECT id, client_id, row_number() OVER () AS n FROM rooms) AS r`,
    );
    await c.query("COMMIT");
    await c.query("ANALYZE clients, rooms, zoho_channel_mappings");
    const { rows } = await c.query<{ n: string }>("SELECT count(*) AS n FROM zoho_channel_mappings WHERE sync_status = 'active'");
    return Number(rows[0]?.n ?? 0);
  } catch (err) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

export type SyncedChannel = { channelId: string; chatId: string; name: string; lastMessageTime: number; lastMessageIds: string[] };

/**
 * One client per 100 rooms, one internal room and one active mapping per channel, each synced up
 * to the channel's newest message: the mapping's last_message_time (what the scheduler's planner
 * compares) and the worker's cursor row (time and every id at it), as a finished sync leaves them.
 */
export async function insertSyncedMappings(pool: pg.Pool, channels: readonly SyncedChannel[]): Promise<void> {
  const clientIds = Array.from({ length: Math.ceil(channels.length / ROOMS_PER_CLIENT) }, () => randomUUID());
  const rooms = channels.map(() => randomUUID());
  const mappings = channels.map(() => randomUUID());
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query(`INSERT INTO clients (id, name) SELECT id, 'sweep client ' || n FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)`, [clientIds]);
    await c.query(`INSERT INTO rooms (id, client_id, name, kind) SELECT id, ($2::uuid[])[(n - 1) / $3::int + 1], 'sweep room ' || n, 'internal' FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)`, [rooms, clientIds, ROOMS_PER_CLIENT]);
    await c.query(
      `INSERT INTO zoho_channel_mappings (id, client_id, room_id, zoho_channel_id, zoho_chat_id, zoho_channel_name, last_message_time, last_sync_at, sync_from, created_by, updated_at)
       SELECT x.id, r.client_id, x.room_id, x.channel_id, x.chat_id, x.name, timestamptz 'epoch' + x.last_ms * interval '1 millisecond', now(), timestamptz 'epoch', 'bench', now()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS x(id, room_id, channel_id, chat_id, name, last_ms)
       JOIN rooms r ON r.id = x.room_id`,
      [mappings, rooms, channels.map((ch) => ch.channelId), channels.map((ch) => ch.chatId), channels.map((ch) => ch.name), channels.map((ch) => ch.lastMessageTime)],
    );
    await c.query(
      `INSERT INTO zoho_sync_cursors (mapping_id, last_message_time, last_message_ids, updated_at)
       SELECT x.id, x.last_ms, ARRAY(SELECT jsonb_array_elements_text(x.ids::jsonb)), now()
       FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS x(id, last_ms, ids)`,
      [mappings, channels.map((ch) => ch.lastMessageTime), channels.map((ch) => JSON.stringify(ch.lastMessageIds))],
    );
    await c.query("COMMIT");
    await c.query("ANALYZE clients, rooms, zoho_channel_mappings, zoho_sync_cursors");
  } catch (err) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
