// Secrets-scan helper over a test schema. (Fresh migrated schemas on any server — the shared one
// or a private cluster made for a restart case — come from @cliq/testkit's createTestDb(url).)
import type pg from "pg";

/** Every row of every table of the schema as JSON text (for the secrets scan). */
export async function allRowsAsJson(pool: pg.Pool, schema: string): Promise<string[]> {
  const tables = await pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'", [schema]);
  const rows: string[] = [];
  for (const { table_name } of tables.rows) {
    const r = await pool.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table_name}" t`);
    for (const { row } of r.rows) rows.push(`${table_name}: ${row}`);
  }
  return rows;
}
