// Per-test-file PostgreSQL schemas: each file migrates its own schema, so files run in parallel.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb, type Db } from "@cliq/db";
import { ensureDatabase } from "@cliq/db/ensure-database";
import { DATABASE_URL, uniqueId } from "./infra.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));

async function migrationSql(): Promise<string[]> {
  const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return Promise.all(dirs.map((d) => readFile(`${MIGRATIONS_DIR}${d}/migration.sql`, "utf8")));
}

const databasesEnsured = new Map<string, Promise<void>>();

export type TestDb = {
  schema: string;
  url: string;
  db: Db;
  /** A raw pg pool on the same schema, for assertions on stored rows. */
  pool: pg.Pool;
  drop(): Promise<void>;
};

/**
 * Creates a fresh schema with every migration applied, on the shared server or on any other
 * PostgreSQL (the fault suite's private clusters).
 */
export async function createTestDb(url: string = DATABASE_URL): Promise<TestDb> {
  // Benchmarks and scripts call this without the test global setup: on a fresh machine the
  // database itself may not exist yet.
  let ensured = databasesEnsured.get(url);
  if (ensured === undefined) databasesEnsured.set(url, (ensured = ensureDatabase(url)));
  await ensured;
  const schema = uniqueId("s_");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`SET search_path TO "${schema}"`);
    for (const sql of await migrationSql()) await admin.query(sql);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path="${schema}"` });
  // A restarted server closes pooled idle connections; that must not crash the test process.
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
