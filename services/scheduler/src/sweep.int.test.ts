// The sweep against real PostgreSQL (own schema) and real NATS JetStream (own prefix/streams).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NATS_URL, createTestDb, uniqueId, type TestDb } from "@cliq/testkit";
import { connectNats, createCommandClient, createLogger, createPublisher, provisionStreams, type NatsConnection } from "@cliq/runtime";
import { createSchedule } from "./domain/slot.ts";
import { scheduledJobId } from "./domain/uuid-v5.ts";
import { createMappingsReader, type MappingsReader } from "./repo/mappings-reader.ts";
import { runSweep, type SweepConfig, type SweepDeps } from "./sweep.ts";
import { deleteStreams, readSyncRequested, seedMappings, serveChannelActivity, type ChannelsResponder } from "./test-support.ts";

const logger = createLogger({ service: "scheduler-test", level: "silent" });
const SLOT = new Date("2025-01-06T02:00:00.000Z");
const LAST = new Date("2025-01-05T18:00:00.000Z");

describe("runSweep (PostgreSQL + NATS)", () => {
  let tdb: TestDb;
  let nc: NatsConnection;
  let prefix: string;
  let responder: ChannelsResponder | undefined;

  const deps = (over: { now?: Date; config?: Partial<SweepConfig>; mappings?: MappingsReader } = {}): SweepDeps => ({
    db: tdb.db,
    publisher: createPublisher({ nc, prefix, source: "scheduler", logger }),
    commands: createCommandClient({ nc, prefix }),
    logger,
    now: () => over.now ?? new Date("2025-01-06T02:00:05.000Z"),
    config: { schedule: createSchedule("0 2 * * *", "UTC"), pageSize: 100, plannerEnabled: true, plannerTimeoutMs: 2_000, publishConcurrency: 8, ...over.config },
    ...(over.mappings ? { mappings: over.mappings } : {}),
  });

  beforeAll(async () => {
    tdb = await createTestDb();
    nc = await connectNats({ url: NATS_URL, name: "scheduler-test", logger });
  });
  beforeEach(async () => {
    prefix = uniqueId("sch");
    await provisionStreams(nc, prefix);
    await tdb.pool.query("DELETE FROM zoho_channel_mappings; DELETE FROM rooms; DELETE FROM clients;");
  });
  afterEach(async () => {
    await responder?.server.stop();
    responder = undefined;
    await deleteStreams(nc, prefix);
  });
  afterAll(async () => {
    await nc.close();
    await tdb.drop();
  });

  it("when two scheduler runs (and two concurrent ones) happen in one slot, then the stream holds one job per mapping", async () => {
    const mappings = await seedMappings(tdb.db, [{}, {}, {}, { lastMessageTime: LAST }]);
    const first = await runSweep(deps({ config: { plannerEnabled: false } }));
    const later = await runSweep(deps({ now: new Date("2025-01-06T02:07:00Z"), config: { plannerEnabled: false } }));
    await Promise.all([runSweep(deps({ config: { plannerEnabled: false } })), runSweep(deps({ config: { plannerEnabled: false } }))]);

    const stored = await readSyncRequested(nc, prefix);
    expect(stored).toHaveLength(4);
    expect(new Set(stored.map((s) => s.envelope.data.mappingId))).toEqual(new Set(mappings.map((m) => m.id)));
    for (const s of stored) {
      expect(s.envelope.data).toMatchObject({ jobType: "scheduled", slot: SLOT.toISOString(), requestedBy: "scheduler" });
      expect(s.envelope.data.jobId).toBe(scheduledJobId(s.envelope.data.mappingId, SLOT));
      expect(s.msgId).toBe(s.envelope.data.jobId);
      expect(s.envelope.id).toBe(s.envelope.data.jobId);
    }
    expect(first).toMatchObject({ slot: SLOT.toISOString(), due: 4, requested: 4, failed: 0, plannerUsed: false });
    expect(later.slot).toBe(first.slot);
  });

  it("when the next slot comes, then every mapping gets a new job", async () => {
    await seedMappings(tdb.db, [{}, {}]);
    await runSweep(deps({ config: { plannerEnabled: false } }));
    await runSweep(deps({ now: new Date("2025-01-07T02:00:01Z"), config: { plannerEnabled: false } }));
    const stored = await readSyncRequested(nc, prefix);
    expect(stored).toHaveLength(4);
    expect(new Set(stored.map((s) => s.envelope.data.jobId)).size).toBe(4);
    expect(new Set(stored.map((s) => s.envelope.data.slot))).toEqual(new Set([SLOT.toISOString(), "2025-01-07T02:00:00.000Z"]));
  });

  it("when channel activity shows nothing newer for a channel, then the planner skips it and requests the rest", async () => {
    const [same, newer, missing, noTime, never] = await seedMappings(tdb.db, [
      { lastMessageTime: LAST },
      { lastMessageTime: LAST },
      { lastMessageTime: LAST },
      { lastMessageTime: LAST },
      { lastMessageTime: null },
    ]);
    responder = serveChannelActivity(nc, prefix, logger, {
      [same!.zohoChannelId]: LAST,
      [newer!.zohoChannelId]: new Date(LAST.getTime() + 1),
      [noTime!.zohoChannelId]: null,
      [never!.zohoChannelId]: new Date(LAST.getTime() - 60_000),
    });
    const report = await runSweep(deps());
    expect(report).toMatchObject({ due: 5, requested: 4, skipped: { paused: 0, needsAdmin: 0, unchanged: 1 }, plannerUsed: true });
    const requested = (await readSyncRequested(nc, prefix)).map((s) => s.envelope.data.mappingId);
    expect(new Set(requested)).toEqual(new Set([newer!.id, missing!.id, noTime!.id, never!.id]));
    // One ask for the page's channels, reading the list fresh (maxAgeMs 0), never the whole list.
    const ids = [same, newer, noTime, never, missing].map((m) => m!.zohoChannelId).sort();
    expect(responder.requests).toEqual([{ actor: { kind: "service", service: "scheduler" }, channelIds: expect.any(Array), maxAgeMs: 0 }]);
    expect([...(responder.requests[0] as { channelIds: string[] }).channelIds].sort()).toEqual(ids);
  });

  it("when channel-mapping does not answer channel activity, then the planner is skipped and every due mapping is requested", async () => {
    await seedMappings(tdb.db, [{ lastMessageTime: LAST }, { lastMessageTime: LAST }]);
    const report = await runSweep(deps());
    expect(report).toMatchObject({ due: 2, requested: 2, plannerUsed: false, plannerError: expect.stringContaining("no responders") });
    expect(await readSyncRequested(nc, prefix)).toHaveLength(2);
  });

  it("when mappings are paused or need an admin, then they are skipped and counted; retryable errors are retried", async () => {
    const [active, paused, needsAdmin, unknown, retryable] = await seedMappings(tdb.db, [
      { lastMessageTime: LAST },
      { syncStatus: "paused" },
      { syncStatus: "error", lastErrorRetryable: false },
      { syncStatus: "error", lastErrorRetryable: null },
      { syncStatus: "error", lastErrorRetryable: true, lastMessageTime: LAST },
    ]);
    // Both channels unchanged: only the retryable error is still requested (it must run to recover).
    responder = serveChannelActivity(nc, prefix, logger, { [active!.zohoChannelId]: LAST, [retryable!.zohoChannelId]: LAST });
    const report = await runSweep(deps());
    expect(report).toMatchObject({ due: 2, requested: 1, skipped: { paused: 1, needsAdmin: 2, unchanged: 1 }, plannerUsed: true });
    const requested = (await readSyncRequested(nc, prefix)).map((s) => s.envelope.data.mappingId);
    expect(requested).toEqual([retryable!.id]);
    expect(requested).not.toContain(paused!.id);
    expect(requested).not.toContain(needsAdmin!.id);
    expect(requested).not.toContain(unknown!.id);
  });

  it("when there are more mappings than the page size, then the sweep pages through all of them by id", async () => {
    const seeded = await seedMappings(tdb.db, Array.from({ length: 8 }, (_, i) => (i === 5 ? { syncStatus: "paused" as const } : {})));
    const reader = createMappingsReader(tdb.db);
    const pages: number[] = [];
    const counting: MappingsReader = { page: async (q) => (await reader.page(q).then((p) => (pages.push(p.length), p))) };
    const report = await runSweep(deps({ config: { pageSize: 3, plannerEnabled: false }, mappings: counting }));
    expect(pages).toEqual([3, 3, 2]);
    expect(report).toMatchObject({ scanned: 8, due: 7, requested: 7, skipped: { paused: 1 } });
    const requested = new Set((await readSyncRequested(nc, prefix)).map((s) => s.envelope.data.mappingId));
    expect(requested).toEqual(new Set(seeded.filter((_, i) => i !== 5).map((m) => m.id)));
  });

  it("when an interval sweep runs, then only mappings with a custom interval whose slot changed are requested", async () => {
    const [daily, q15, hourly] = await seedMappings(tdb.db, [{}, { syncIntervalMinutes: 15 }, { syncIntervalMinutes: 60 }]);
    const now = new Date("2025-01-06T10:15:20Z");
    const report = await runSweep(deps({ now, config: { plannerEnabled: false } }), { mode: "interval", since: new Date("2025-01-06T10:14:20Z") });
    expect(report).toMatchObject({ mode: "interval", scanned: 2, due: 1, requested: 1 });
    const stored = await readSyncRequested(nc, prefix);
    expect(stored.map((s) => s.envelope.data)).toEqual([expect.objectContaining({ mappingId: q15!.id, slot: "2025-01-06T10:15:00.000Z" })]);
    expect(stored.map((s) => s.envelope.data.mappingId)).not.toContain(daily!.id);
    expect(stored.map((s) => s.envelope.data.mappingId)).not.toContain(hourly!.id);
  });
});
