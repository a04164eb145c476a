// The ops CLI as an operator runs it: a child process against real NATS, on streams of its own
// (unique subject prefix), reading and appending to the SYNC stream.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DeliverPolicy, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connectNats, createLogger, createPublisher, drainNats, provisionConsumer, provisionStreams, type NatsConnection } from "@cliq/runtime";
import { deleteStreams, NATS_URL, uniqueId } from "@cliq/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const prefix = uniqueId("ops");
const STREAM = `${prefix}_SYNC`;
const logger = createLogger({ service: "ops-test", level: "silent" });

const mappingId = randomUUID();
const failedJob = randomUUID();
const retryingJob = randomUUID();
let nc: NatsConnection;
let jsm: JetStreamManager;
let failedSeq = 0;

async function ops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(`${root}node_modules/.bin/tsx`, ["scripts/ops/cli.ts", ...args, "--nats-url", NATS_URL, "--prefix", prefix], { cwd: root, timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

async function requested(): Promise<Array<{ id: string; data: Record<string, unknown> }>> {
  const info = await jsm.streams.info(STREAM, { subjects_filter: `${prefix}.sync.requested` });
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(STREAM, { seq }).catch(() => null);
    if (m !== null && m.subject === `${prefix}.sync.requested`) out.push(m.json<{ id: string; data: Record<string, unknown> }>());
  }
  return out;
}

beforeAll(async () => {
  nc = await connectNats({ url: NATS_URL, name: "ops-test", logger });
  jsm = await jetstreamManager(nc);
  await provisionStreams(nc, prefix);
  const worker = createPublisher({ nc, prefix, source: "sync-worker", logger });
  const now = () => new Date().toISOString();
  for (const jobId of [failedJob, retryingJob]) {
    await worker.publish("syncRequested", { jobId, mappingId, jobType: "scheduled", requestedAt: now() }, { id: jobId });
  }
  const failure = { mappingId, retryable: true, needsAdmin: false, messagesFetched: 40, messagesProcessed: 0, failedAt: now() };
  await worker.publish("syncFailed", { ...failure, jobId: retryingJob, code: "zoho_unavailable", message: "503", attempt: 1, final: false }, { id: `${retryingJob}:failed:1` });
  await worker.publish("syncFailed", { ...failure, jobId: failedJob, code: "ingest_rejected", message: "ingest answered 422", attempt: 5, final: true }, { id: `${failedJob}:failed:5` });
  failedSeq = (await jsm.streams.info(STREAM)).state.last_seq;
});

afterAll(async () => {
  await deleteStreams(nc, prefix);
  await drainNats(nc);
});

describe("ops CLI", () => {
  it("when failed syncs are listed, then each failed job shows once with its code, and filters narrow the list", async () => {
    const all = await ops("list", "--json");
    expect(all.code).toBe(0);
    const rows = (JSON.parse(all.stdout) as { failures: Array<Record<string, unknown>> }).failures;
    expect(rows.map((r) => [r.jobId, r.code, r.final, r.seq])).toEqual([
      [failedJob, "ingest_rejected", true, failedSeq],
      [retryingJob, "zoho_unavailable", false, failedSeq - 1],
    ]);
    const table = await ops("list", "--code", "ingest_rejected", "--since", "1h");
    expect(table.stdout).toContain(failedJob);
    expect(table.stdout).toContain("ingest answered 422");
    expect(table.stdout).not.toContain(retryingJob);
  });

  it("when one event is shown by sequence or by id, then its stored envelope is printed", async () => {
    const bySeq = await ops("show", "--seq", String(failedSeq), "--json");
    expect(JSON.parse(bySeq.stdout)).toMatchObject({ seq: failedSeq, subject: `${prefix}.sync.failed`, valid: true, message: { id: `${failedJob}:failed:5`, data: { jobId: failedJob } } });
    const byId = await ops("show", "--id", `${failedJob}:failed:5`, "--json");
    expect(JSON.parse(byId.stdout)).toMatchObject({ seq: failedSeq });
    const missing = await ops("show", "--seq", "999999");
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining("no message with sequence 999999")]);
  });

  it("when a failed job is replayed, then a dry run publishes nothing and the real run appends one retry request, stored once however often it is repeated", async () => {
    const dry = await ops("replay", "--job", failedJob, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`would publish sync.requested [0-9a-f-]{36} \\(retry of ${failedJob}`));
    expect(dry.stdout).toContain("dry run: nothing was published");
    expect(await requested()).toHaveLength(2);

    const real = await ops("replay", "--mapping", mappingId, "--by", "alice");
    expect(real.code).toBe(0);
    // The non-final failure is still being retried by the worker: skipped, with the reason.
    expect(real.stdout).toContain(`skipped ${retryingJob}: not final`);
    const after = await requested();
    expect(after).toHaveLength(3);
    const retry = after[2]!;
    expect(retry.id).toBe(`ops-retry:${failedJob}`);
    expect(retry.data).toMatchObject({ mappingId, jobType: "retry", retryOf: failedJob, requestedBy: "alice" });
    expect(retry.data.jobId).not.toBe(failedJob);

    const again = await ops("replay", "--job", failedJob);
    expect(again.stdout).toContain(`skipped ${failedJob}: already retried as job ${String(retry.data.jobId)}`);
    const forced = await ops("replay", "--job", failedJob, "--force");
    expect(forced.stdout).toContain(`already replayed within the duplicate window: ${failedJob}`);
    expect(await requested()).toHaveLength(3);
  });

  it("when the projection is rebuilt from a sequence, then its durable consumer restarts there and channel-mapping's provisioning keeps it", async () => {
    await provisionConsumer(nc, prefix, "mappingProjection");
    const durable = `${prefix}_channel-mapping-projection`;
    const dry = await ops("rebuild-projection", "--from-seq", "3", "--dry-run");
    expect(dry.stdout).toContain(`would delete and re-create ${durable}`);
    expect((await jsm.consumers.info(STREAM, durable)).config.deliver_policy).toBe(DeliverPolicy.All);

    const done = await ops("rebuild-projection", "--from-seq", "3");
    expect(done.code).toBe(0);
    await provisionConsumer(nc, prefix, "mappingProjection");
    const info = await jsm.consumers.info(STREAM, durable);
    const lastSeq = (await jsm.streams.info(STREAM)).state.last_seq;
    expect([info.config.deliver_policy, info.config.opt_start_seq, info.num_pending]).toEqual([DeliverPolicy.StartSequence, 3, lastSeq - 2]);

    const pastEnd = await ops("rebuild-projection", "--from-seq", String(lastSeq + 5));
    expect([pastEnd.code, pastEnd.stderr]).toEqual([1, expect.stringContaining("past the end of stream")]);
  });

  it("when the command line is wrong, then it exits 2 naming the flag", async () => {
    const bad = await ops("list", "--mapping", "not-a-uuid");
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--mapping must be a UUID (got "not-a-uuid")')]);
  });
});
