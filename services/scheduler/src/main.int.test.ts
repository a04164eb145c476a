// The run-once command exactly as the Kubernetes CronJob runs it: a real process, real
// PostgreSQL and NATS, the JSON report on stdout.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_URL, NATS_URL, createTestDb, uniqueId, type TestDb } from "@cliq/testkit";
import { connectNats, createLogger, type NatsConnection } from "@cliq/runtime";
import { deleteStreams, readSyncRequested, seedMappings } from "./test-support.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = "services/scheduler/src/main.ts";
const logger = createLogger({ service: "scheduler-test", level: "silent" });

type Run = { code: number; stdout: string; stderr: string };
function runScheduler(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(`${ROOT}node_modules/.bin/tsx`, [MAIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("scheduler run-once (process)", () => {
  let tdb: TestDb;
  let nc: NatsConnection;
  const prefix = uniqueId("schm");

  beforeAll(async () => {
    tdb = await createTestDb();
    nc = await connectNats({ url: NATS_URL, name: "scheduler-main-test", logger });
  });
  afterAll(async () => {
    await deleteStreams(nc, prefix);
    await nc.close();
    await tdb.drop();
  });

  it("when run-once runs, then it requests every due mapping, prints one JSON report on stdout and exits 0", async () => {
    const mappings = await seedMappings(tdb.db, [{}, {}, { syncStatus: "paused" }]);
    const env = { DATABASE_URL, DB_SCHEMA: tdb.schema, NATS_URL, SUBJECT_PREFIX: prefix, SCHEDULER_PLANNER_TIMEOUT: "1s" };
    const run = await runScheduler(["run-once"], env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0] ?? "");
    expect(report).toMatchObject({ due: 2, requested: 2, skipped: { paused: 1, needsAdmin: 0, unchanged: 0 }, plannerUsed: false });
    expect(report.slot).toMatch(/T02:00:00\.000Z$/);
    expect(typeof report.durationMs).toBe("number");
    const stored = await readSyncRequested(nc, prefix);
    expect(new Set(stored.map((s) => s.envelope.data.mappingId))).toEqual(new Set([mappings[0]!.id, mappings[1]!.id]));

    // The CronJob retried (or a second scheduler ran) in the same slot: still one job per mapping.
    const again = await runScheduler(["run-once"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(await readSyncRequested(nc, prefix)).toHaveLength(2);
  });

  it("when SCHEDULE_CRON is invalid, then it exits 78 naming the variable", async () => {
    const run = await runScheduler(["run-once"], { SCHEDULE_CRON: "61 * * * *" });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain("SCHEDULE_CRON");
  });

  it("when the mode is unknown, then it exits 64 with the usage", async () => {
    const run = await runScheduler(["sometimes"], {});
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("usage");
  });
});
