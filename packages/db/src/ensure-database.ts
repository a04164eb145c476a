// Creates the database named in a PostgreSQL URL when it does not exist (local start, tests).
// Separate from index.ts on purpose: it must work before `prisma generate` has produced the client.
import pg from "pg";

// duplicate_database, or unique_violation on pg_database when two CREATEs race.
const ALREADY_CREATED = new Set(["42P04", "23505"]);

export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (r.rowCount !== 0) return;
    // Another process may create it between the check and here: that is the outcome we want.
    await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: unknown) => {
      if (!ALREADY_CREATED.has((err as { code?: string }).code ?? "")) throw err;
    });
  } finally {
    await c.end();
  }
}
