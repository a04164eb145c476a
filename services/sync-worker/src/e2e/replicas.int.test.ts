// End to end with three real worker processes (tsx services/sync-worker/src/main.ts) against the
// Zoho simulator and the ingest sink, on a scaled-down rate budget (15 requests per 3 s).
// Scenarios run in order on the same three workers; the SIGKILL and revoked-token cases come last.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventData } from "@cliq/contracts";
import { generateOrg, type GeneratedOrg, type SimChannel } from "@cliq/zoho-simulator";
import { CLEAN, deliveryReport, summarise } from "../testing/delivery-check.ts";
import { startHarness, type Harness } from "../testing/harness.ts";
import { spawnWorker, waitReady, type WorkerProcess } from "../testing/worker-process.ts";

const BUDGET = { perWindow: 15, windowMs: 3_000 };
const LEASE_TTL_MS = 1_500;
const DAY = 86_400_000;

function orgWithBigChannels(): GeneratedOrg {
  const org = generateOrg({ seed: 11, channels: 13, messagesPerChannel: 300 });
  org.channels = org.channels.filter((c) => c.chat_id !== null);
  for (const [seed, count] of [
    [12, 5_000],
    [13, 3_000],
    [14, 2_000],
  ] as const) {
    const big = generateOrg({ seed, channels: 1, messagesPerChannel: count });
    const ch = big.channels[0] as SimChannel;
    org.channels.push({ ...ch, name: `#big-${count}` });
    Object.assign(org.messages, big.messages);
  }
  return org;
}

let h: Harness;
const workers: WorkerProcess[] = [];
let channels: SimChannel[];
const syncFrom = new Date(Date.UTC(2025, 0, 6) - DAY);

function channel(name: string): SimChannel {
  const c = channels.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no channel ${name}`);
  return c;
}
const small = (i: number) => channels.filter((c) => !c.name.startsWith("#big"))[i] as SimChannel;

async function sync(ch: SimChannel, timeoutMs = 60_000) {
  const { mappingId, roomId } = await h.createMapping(ch, { syncFrom });
  const jobId = await h.requestSync(mappingId);
  const end = await h.waitForEnd(jobId, timeoutMs).catch((err: unknown) => {
    for (const w of workers) console.error(`--- ${w.id}\n${w.logs().slice(-15).join("\n")}`);
    throw err;
  });
  return { mappingId, roomId, jobId, end };
}

function expectExactlyOnce(roomId: string, chatId: string): void {
  expect(summarise(deliveryReport(h.sink, h.sim, roomId, chatId))).toMatchObject(CLEAN);
}

const failedData = (e: { envelope: { data: unknown } }) => e.envelope.data as EventData<"syncFailed">;
const completedData = (e: { envelope: { data: unknown } }) => e.envelope.data as EventData<"syncCompleted">;

beforeAll(async () => {
  h = await startHarness({ data: orgWithBigChannels(), limits: { perMinute: { messages: BUDGET.perWindow }, windowMs: BUDGET.windowMs, lockMs: 3_000 } });
  channels = h.sim.channels().filter((c) => c.chat_id !== null);
  const env = h.workerEnv({
    WORKER_CONCURRENCY: "2",
    LEASE_TTL_MS: String(LEASE_TTL_MS),
    MAX_MESSAGES_PER_RUN: "2000",
    ZOHO_MESSAGES_PER_MINUTE: String(BUDGET.perWindow),
    ZOHO_RATE_WINDOW_MS: String(BUDGET.windowMs),
    ZOHO_RATE_MARGIN_PERCENT: "10",
    ZOHO_THROTTLE_LOCK_MS: "2000",
    ZOHO_TIMEOUT_MS: "2000",
    INGEST_TIMEOUT_MS: "2000",
    RETRY_BASE_DELAY_MS: "500",
  });
  for (const id of ["w1", "w2", "w3"]) workers.push(spawnWorker(id, env));
  await Promise.all(workers.map((w) => waitReady(w)));
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill("SIGTERM")));
  await h?.stop();
});

describe("three sync-worker replicas", () => {
  it("when a 5,000-message channel is synced, then every message reaches the sink exactly once, newest batch first, across capped runs", async () => {
    const ch = channel("#big-5000");
    const { roomId, end } = await sync(ch, 90_000);
    expect(end.name).toBe("syncCompleted");
    expect(h.sinkIds(roomId)).toHaveLength(5_000);
    expectExactlyOnce(roomId, ch.chat_id as string);
    // The last continuation's counters carry the whole job on: they agree with the sink.
    expect(completedData(end)).toMatchObject({ messagesFetched: 5_000, messagesProcessed: 5_000 });
    expect(h.sim.counters().throttles.messages).toBe(0);
    // the runs were capped at 2,000 messages, so continuations carried the sync on
    expect(h.events.filter((e) => e.name === "syncRequested" && (e.envelope.data as EventData<"syncRequested">).continuationOf !== undefined).length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("when many mappings sync at once on all replicas, then together they stay inside the shared budget (zero throttles)", async () => {
    const before = h.sim.counters();
    const started = Date.now();
    const runs = await Promise.all([0, 1, 2, 3].map((i) => sync(small(i))));
    const elapsed = Date.now() - started;
    for (const r of runs) expectExactlyOnce(r.roomId, small(runs.indexOf(r)).chat_id as string);
    const after = h.sim.counters();
    const requests = after.requests.messages - before.requests.messages;
    expect(after.throttles.messages).toBe(0);
    // never faster than the budget: requests - 1 gaps of at least windowMs / perWindow
    expect(elapsed).toBeGreaterThanOrEqual(((requests - BUDGET.perWindow) * BUDGET.windowMs) / BUDGET.perWindow);
    const workersUsed = new Set(runs.flatMap((r) => h.eventsFor(r.jobId).filter((e) => e.name === "syncStarted").map((e) => (e.envelope.data as EventData<"syncStarted">).workerId)));
    expect(workersUsed.size).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("when Zoho throttles one request, then every replica pauses for the lock and the sync still completes without loss", async () => {
    const chs = [small(4), small(5)];
    const maps = await Promise.all(chs.map((c) => h.createMapping(c, { syncFrom })));
    const throttlesBefore = h.sim.counters().throttles.messages;
    h.sim.faults.inject({ endpoint: "messages", kind: "throttle", times: 1 });
    const jobs = await Promise.all(maps.map((m) => h.requestSync(m.mappingId)));
    // find the moment the throttle was answered, then watch the request counter stay still
    let throttledAt = 0;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && throttledAt === 0) {
      if (h.sim.counters().throttles.messages > throttlesBefore) throttledAt = Date.now();
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(throttledAt).toBeGreaterThan(0);
    const atThrottle = h.sim.counters().requests.messages;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.sim.counters().requests.messages).toBe(atThrottle);
    for (const [i, jobId] of jobs.entries()) {
      const end = await h.waitForEnd(jobId);
      expect(end.name).toBe("syncCompleted");
      expectExactlyOnce(maps[i]!.roomId, chs[i]!.chat_id as string);
    }
    expect(h.sim.counters().throttles.messages).toBe(throttlesBefore + 1);
  }, 90_000);

  it("when the access token expires mid-run, then the worker gets a refreshed one from auth and finishes", async () => {
    const ch = small(6);
    const { mappingId, roomId } = await h.createMapping(ch, { syncFrom });
    const refreshesBefore = h.auth.refreshes();
    h.sim.expireAccessTokens();
    const jobId = await h.requestSync(mappingId);
    const end = await h.waitForEnd(jobId);
    expect(end.name).toBe("syncCompleted");
    expectExactlyOnce(roomId, ch.chat_id as string);
    expect(h.auth.refreshes()).toBeGreaterThan(refreshesBefore);
  }, 60_000);

  it("when Zoho answers a malformed page, then the job fails for good with a message naming what was malformed", async () => {
    h.sim.faults.inject({ endpoint: "messages", kind: "malformedJson", times: 1 });
    const { end } = await sync(small(7));
    expect(end.name).toBe("syncFailed");
    expect(failedData(end)).toMatchObject({ code: "zoho_bad_response", final: true, retryable: false });
    expect(failedData(end).message).toMatch(/JSON/);
  }, 60_000);

  it("when the ingest endpoint rejects a batch (4xx), then the job fails with ingest_rejected and the endpoint's message", async () => {
    h.sink.failWhen((body) => (body.channel.name === channel("#big-3000").name ? null : { status: 422, body: { error: { code: "room_archived", message: "room is archived" } } }));
    try {
      const { end, roomId } = await sync(small(8));
      expect(end.name).toBe("syncFailed");
      expect(failedData(end)).toMatchObject({ code: "ingest_rejected", final: true });
      expect(failedData(end).message).toContain("room is archived");
      expect(h.sinkIds(roomId)).toHaveLength(0);
    } finally {
      h.sink.failWhen(null);
    }
  }, 60_000);

  it("when the ingest endpoint answers 5xx for a while, then batches are retried and stored once", async () => {
    h.sink.failNext(3, 503);
    const ch = small(9);
    const { end, roomId } = await sync(ch);
    expect(end.name).toBe("syncCompleted");
    expectExactlyOnce(roomId, ch.chat_id as string);
  }, 60_000);

  it("when requests come for a paused, a deleted and a busy mapping, then they are skipped or coalesced with the reason recorded", async () => {
    const paused = await h.createMapping(small(10), { syncFrom, syncStatus: "paused" });
    const pausedEnd = await h.waitForEnd(await h.requestSync(paused.mappingId));
    expect(completedData(pausedEnd)).toMatchObject({ outcome: "skipped", reason: "the mapping is paused" });
    const deletedEnd = await h.waitForEnd(await h.requestSync("00000000-0000-4000-8000-000000000000"));
    expect(completedData(deletedEnd)).toMatchObject({ outcome: "skipped", reason: "the mapping was deleted" });

    const busy = await h.createMapping(small(11), { syncFrom });
    const first = await h.requestSync(busy.mappingId);
    const second = await h.requestSync(busy.mappingId);
    const ends = [await h.waitForEnd(first), await h.waitForEnd(second)].map(completedData);
    expect(ends.map((e) => e.outcome).sort()).toEqual(["coalesced", "synced"]);
    expect(ends.find((e) => e.outcome === "coalesced")?.reason).toMatch(/already syncing/);
    expectExactlyOnce(busy.roomId, small(11).chat_id as string);
  }, 60_000);

  it("when the worker running a sync is stopped (SIGTERM), then it ends at a checkpoint, frees the lease and the job continues elsewhere at once", async () => {
    const ch = channel("#big-2000");
    const { mappingId, roomId } = await h.createMapping(ch, { syncFrom });
    h.sink.setLatency(40);
    const jobId = await h.requestSync(mappingId);
    const deadline = Date.now() + 30_000;
    while (h.sinkIds(roomId).length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const owner = (await h.t.pool.query<{ lease_owner: string }>("SELECT lease_owner FROM zoho_sync_cursors WHERE mapping_id = $1", [mappingId])).rows[0]?.lease_owner;
    const stopping = workers.find((w) => w.id === owner);
    expect(stopping).toBeDefined();
    workers.splice(workers.indexOf(stopping!), 1);
    expect(await stopping!.kill("SIGTERM")).toBe(0);
    h.sink.setLatency(0);
    const end = await h.waitForEnd(jobId, 90_000);
    expect(end.name).toBe("syncCompleted");
    const starts = h.eventsFor(jobId).filter((e) => e.name === "syncStarted").map((e) => e.envelope.data as EventData<"syncStarted">);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts[1]!.workerId).not.toBe(owner);
    // From the walk's frontier (a first backfill's cursor only moves when the walk ends).
    expect(starts[1]!.frontier?.time).toBeDefined();
    expectExactlyOnce(roomId, ch.chat_id as string);
  }, 120_000);

  it("when the worker running a sync is SIGKILLed, then another resumes from the last checkpoint with nothing lost or duplicated", async () => {
    const ch = channel("#big-3000");
    const { mappingId, roomId } = await h.createMapping(ch, { syncFrom });
    h.sink.setLatency(60);
    const firstJob = await h.requestSync(mappingId);
    const deadline = Date.now() + 30_000;
    while (h.sinkIds(roomId).length < 600 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const owner = (await h.t.pool.query<{ lease_owner: string }>("SELECT lease_owner FROM zoho_sync_cursors WHERE mapping_id = $1", [mappingId])).rows[0]?.lease_owner;
    const victim = workers.find((w) => w.id === owner);
    expect(victim).toBeDefined();
    await victim!.kill("SIGKILL");
    const deliveredAtKill = h.sinkIds(roomId).length;
    h.sink.setLatency(0);
    expect(h.eventsFor(firstJob).some((e) => e.name === "syncCompleted")).toBe(false);

    // Nobody asks again: JetStream redelivers the dead worker's message once its ack_wait (30 s
    // after the last heartbeat) runs out, and a live replica takes over the expired lease.
    const end = await h.waitForEnd(firstJob, 90_000);
    expect(end.name).toBe("syncCompleted");
    const starts = h.eventsFor(firstJob).filter((e) => e.name === "syncStarted").map((e) => e.envelope.data as EventData<"syncStarted">);
    expect(starts.map((s) => s.attempt)).toEqual([1, 2]);
    const resumed = starts[1] as EventData<"syncStarted">;
    expect(resumed.workerId).not.toBe(owner);
    // From the last checkpoint (the walk's frontier), not from the start.
    expect(resumed.frontier?.time).toBeDefined();
    expectExactlyOnce(roomId, ch.chat_id as string);
    expect(h.sinkIds(roomId).length).toBeGreaterThanOrEqual(deliveredAtKill);
    // Counted across both deliveries of the job, not only the last one.
    expect(completedData(end).messagesProcessed).toBe(h.sinkIds(roomId).length);
  }, 150_000);

  it("when the Zoho grant is revoked, then the job fails with auth_expired and asks an admin to reconnect", async () => {
    h.sim.revokeAllTokens();
    try {
      const { end } = await sync(small(12));
      expect(end.name).toBe("syncFailed");
      expect(failedData(end)).toMatchObject({ code: "auth_expired", needsAdmin: true, final: true });
      expect(failedData(end).message).toMatch(/reconnect/i);
    } finally {
      await h.auth.reconnect();
    }
  }, 60_000);
});
