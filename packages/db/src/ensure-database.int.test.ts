import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_URL, uniqueId } from "@cliq/testkit";
import { ensureDatabase } from "./ensure-database.ts";

const name = uniqueId("db_");
const url = new URL(DATABASE_URL);
url.pathname = `/${name}`;
const admin = new URL(DATABASE_URL);
admin.pathname = "/postgres";

async function exists(): Promise<boolean> {
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    return (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}"`).finally(() => c.end());
});

describe("ensureDatabase", () => {
  it("when the database is missing and two processes ensure it at once, then it exists and neither fails", async () => {
    expect(await exists()).toBe(false);
    await Promise.all([ensureDatabase(url.toString()), ensureDatabase(url.toString())]);
    expect(await exists()).toBe(true);
    await ensureDatabase(url.toString());
  });
});
