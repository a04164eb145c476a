// The sync-state projection fed through JetStream (consumer mappingProjection on sync.>):
// live mapping status from sync outcomes, redelivered and out-of-order events, and a full
// rebuild of zoho_sync_jobs by replaying the SYNC stream.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSUMERS, subjectsFor } from "@cliq/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { ADMIN, projectionCaughtUp, startHarness, type Harness, type Instance } from "./test-support/harness.ts";
import { envelope, publishSync, retriedRun } from "./test-support/sync-events.ts";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

describe("sync-state projection", () => {
  let h: Harness;
  let instance: Instance;
  let mappings: Record<"a" | "b" | "c" | "d", string>;
  let lastSeq = 0;
  let firstRun: ReturnType<typeof retriedRun> = [];

  beforeAll(async () => {
    h = await startHarness({ channels: 6 });
    instance = await h.startInstance();
    const client = await h.seedClient("Acme", [{ name: "A" }, { name: "B" }, { name: "C" }, { name: "D" }]);
    const readable = h.sim.channels().filter((c) => c.chat_id !== null);
    const ids = await Promise.all(
      client.rooms.map((r, i) => h.commands.request("mappingCreate", { actor: ADMIN, clientId: client.id, roomId: r.id, zohoChannelId: readable[i]!.channel_id })),
    );
    mappings = { a: ids[0]!.id, b: ids[1]!.id, c: ids[2]!.id, d: ids[3]!.id };
  });
  afterAll(async () => {
    await h?.close();
  });

  const publish = async (...events: Parameters<typeof publishSync>[2][]) => {
    for (const e of events) lastSeq = await publishSync(h.nc, h.prefix, e);
  };
  const drained = () => projectionCaughtUp(h, lastSeq);
  const mapping = (id: string) => h.commands.request("mappingGet", { actor: ADMIN, mappingId: id });
  const jobsRows = async () => (await h.t.pool.query("SELECT * FROM zoho_sync_jobs ORDER BY id")).rows;
  const mappingRows = async () => (await h.t.pool.query("SELECT * FROM zoho_channel_mappings ORDER BY id")).rows;

  it("when a run starts, then the mapping shows syncing; when it completes, then active with the last sync and message times", async () => {
    const jobId = randomUUID();
    firstRun = retriedRun(jobId, mappings.a, T0);
    const [requested, started, progress, failed, restarted, completed] = firstRun;
    await publish(requested!, started!, progress!);
    await drained();
    expect(await mapping(mappings.a)).toMatchObject({ syncing: true, syncStatus: "active" });
    await publish(failed!);
    await drained();
    expect(await mapping(mappings.a)).toMatchObject({ syncing: false, syncStatus: "active", lastErrorCode: "ingest_unavailable" });
    await publish(restarted!, completed!);
    await drained();
    expect(await mapping(mappings.a)).toMatchObject({
      syncing: false,
      syncStatus: "active",
      lastError: null,
      lastErrorCode: null,
      lastSyncAt: new Date(T0 + 5_000).toISOString(),
      lastMessageTime: new Date(T0 - 60_000).toISOString(),
    });
    const job = await h.commands.request("jobGet", { actor: ADMIN, jobId });
    expect(job).toMatchObject({ status: "completed", jobType: "manual", messagesFetched: 12, messagesProcessed: 12, processingTimeMs: 900, errorCode: null, requestedBy: "admin@tcis.test" });
    const history = await h.commands.request("mappingJobs", { actor: ADMIN, mappingId: mappings.a, limit: 10 });
    expect(history.jobs.map((j) => j.id)).toEqual([jobId]);
  });

  it("when events are redelivered, then nothing changes a second time", async () => {
    const before = { jobs: await jobsRows(), mappings: await mappingRows() };
    // The first run's envelopes again, under new Nats-Msg-Ids so JetStream stores and delivers them again.
    for (const e of firstRun) lastSeq = await publishSync(h.nc, h.prefix, e, randomUUID());
    await drained();
    expect(await jobsRows()).toEqual(before.jobs);
    expect(await mappingRows()).toEqual(before.mappings);
  });

  it("when a run's events arrive out of order, then the job never moves backwards and the mapping is not left syncing", async () => {
    const jobId = randomUUID();
    const [requested, started, progress, failed, restarted, completed] = retriedRun(jobId, mappings.b, T0 + 60_000);
    await publish(completed!, progress!, restarted!, failed!, started!, requested!);
    await drained();
    expect(await h.commands.request("jobGet", { actor: ADMIN, jobId })).toMatchObject({ status: "completed", jobType: "manual", messagesFetched: 12, errorCode: null });
    expect(await mapping(mappings.b)).toMatchObject({ syncing: false, syncStatus: "active", lastErrorCode: null });
  });

  it("when a final failure is retryable, then the mapping is in error with a retry; when it needs an admin, then in error without one", async () => {
    const t = T0 + 120_000;
    const base = { mappingId: mappings.c, messagesFetched: 0, messagesProcessed: 0, attempt: 5 };
    await publish(
      envelope("syncFailed", { ...base, jobId: randomUUID(), code: "ingest_unavailable", message: "ingest down", retryable: true, final: true, needsAdmin: false, failedAt: new Date(t).toISOString() }, new Date(t)),
    );
    await drained();
    expect(await mapping(mappings.c)).toMatchObject({ syncStatus: "error", lastErrorCode: "ingest_unavailable" });
    expect((await h.t.db.zohoChannelMapping.findUnique({ where: { id: mappings.c } }))?.lastErrorRetryable).toBe(true);

    await publish(
      envelope("syncFailed", { ...base, jobId: randomUUID(), code: "channel_gone", message: "the channel was deleted in Zoho", retryable: false, final: true, needsAdmin: true, failedAt: new Date(t + 1_000).toISOString() }, new Date(t + 1_000)),
    );
    await drained();
    expect(await mapping(mappings.c)).toMatchObject({ syncStatus: "error", lastErrorCode: "channel_gone" });
    expect((await h.t.db.zohoChannelMapping.findUnique({ where: { id: mappings.c } }))?.lastErrorRetryable).toBe(false);
  });

  it("when a run is skipped or coalesced, then the mapping status stays; a synced run of a paused mapping keeps it paused", async () => {
    const t = T0 + 180_000;
    const completed = (outcome: "skipped" | "coalesced" | "synced", s: number) =>
      envelope(
        "syncCompleted",
        { jobId: randomUUID(), mappingId: mappings.c, outcome, reason: outcome === "synced" ? undefined : "already running", messagesFetched: 0, messagesProcessed: 0, durationMs: 1, cursor: { time: null, ids: [] }, lastMessageTime: null, continued: false, finishedAt: new Date(t + s).toISOString() },
        new Date(t + s),
      );
    await publish(completed("skipped", 0), completed("coalesced", 1));
    await drained();
    expect(await mapping(mappings.c)).toMatchObject({ syncStatus: "error", lastErrorCode: "channel_gone" });

    await h.commands.request("mappingPause", { actor: ADMIN, mappingId: mappings.d });
    const synced = completed("synced", 2);
    synced.envelope.data.mappingId = mappings.d;
    await publish(synced);
    await drained();
    expect(await mapping(mappings.d)).toMatchObject({ syncStatus: "paused", lastSyncAt: new Date(t + 2).toISOString() });
  });

  it("when zoho_sync_jobs is dropped and the SYNC stream replayed, then the same rows are rebuilt and mappings are untouched", async () => {
    const before = { jobs: await jobsRows(), mappings: await mappingRows() };
    expect(before.jobs.length).toBeGreaterThanOrEqual(6);
    await instance.stop();
    await h.t.pool.query("TRUNCATE zoho_sync_jobs");
    const names = subjectsFor(h.prefix);
    await (await jetstreamManager(h.nc)).consumers.delete(names.stream("sync"), names.consumer(CONSUMERS.mappingProjection.durable));

    instance = await h.startInstance();
    await drained();
    expect(await jobsRows()).toEqual(before.jobs);
    expect(await mappingRows()).toEqual(before.mappings);
  });
});
