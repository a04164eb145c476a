// Inserts N active mappings for the scheduler benchmark in three set-based statements
// (generate_series, gen_random_uuid): one client per 100 rooms, one internal room per mapping.
// 100k rows take seconds this way, where row-by-row Prisma creates would take minutes.
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
