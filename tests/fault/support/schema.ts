// A fresh, migrated schema on any PostgreSQL server (the shared one, or a private cluster made for
// a restart case): prisma/migrations/*/migration.sql applied in order, as @cliq/testkit does for
// the shared server (its helper is bound to DATABASE_URL, so it cannot target a private cluster).
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "@cliq/db";
import { uniqueId, type TestDb } from "@cliq/testkit";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));

async function migrations(): Promise<string[]> {
  const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return Promise.all(dirs.map((d) => readFile(`${MIGRATIONS_DIR}${d}/migration.sql`, "utf8")));
}

export async function createSchemaAt(url: string): Promise<TestDb> {
  const schema = uniqueId("s_");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`SET search_path TO "${schema}"`);
    for (const sql of await migrations()) await admin.query(sql);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path="${schema}"` });
  // A restarted server closes pooled connections; the pool must not crash the test on that.
  pool.on("error", () => undefined);
  const db = createDb({ connectionString: url, schema });
  return {
    schema,
    url,
    db,
    pool,
    async drop() {
      await db.$disconnect();
      await pool.end();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

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
