// The projection's merge rules against real PostgreSQL, without NATS in the way: whatever order
// and however often a run's events are applied, the job row and the mapping end up the same as
// after one in-order pass.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Db } from "@cliq/db";
import { createTestDb, type TestDb } from "@cliq/testkit";
import { syncEventProjection } from "./handlers/sync-event.ts";
import { createJobsRepo } from "./repo/jobs-repo.ts";
import { createMappingsRepo } from "./repo/mappings-repo.ts";
import { sqlNames } from "./repo/sql-names.ts";
import { mergeWarnings } from "./domain/job-warnings.ts";
import { retriedRun, unreachableWarning, warnedRun, type AnySyncEvent } from "./test-support/sync-events.ts";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const PERMUTATIONS = 40;

describe("projection merge rules", () => {
  let t: TestDb;
  let project: ReturnType<typeof syncEventProjection>;
  let roomSeq = 0;
  let clientId: string;

  beforeAll(async () => {
    t = await createTestDb();
    const names = sqlNames(t.schema);
    project = syncEventProjection({ jobs: createJobsRepo(t.db, names), mappings: createMappingsRepo(t.db, names) });
    clientId = (await t.db.client.create({ data: { name: "Acme" } })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function newMapping(db: Db): Promise<string> {
    const room = await db.room.create({ data: { clientId, name: `room-${roomSeq++}`, kind: "internal" } });
    const m = await db.zohoChannelMapping.create({
      data: { clientId, roomId: room.id, zohoChannelId: `T${roomSeq}${Date.now()}`, zohoChatId: "CT_1", zohoChannelName: "#c", createdBy: "u" },
    });
    return m.id;
  }

  const apply = (events: AnySyncEvent[]) => events.reduce((p, e) => p.then(() => project(e as never, undefined as never)), Promise.resolve());

  async function jobRow(id: string) {
    const { rows } = await t.pool.query("SELECT * FROM zoho_sync_jobs WHERE id = $1", [id]);
    const { id: _id, mapping_id: _m, ...rest } = rows[0];
    return rest;
  }
  async function mappingState(id: string) {
    const { rows } = await t.pool.query(
      "SELECT sync_status, syncing, sync_job_id IS NULL AS no_job, last_sync_at, last_message_time, last_error, last_error_code, last_error_retryable, sync_event_at FROM zoho_channel_mappings WHERE id = $1",
      [id],
    );
    return rows[0];
  }

  it("when a run's events are applied in order, then the job is completed with the final counts and the retried error cleared", async () => {
    const mappingId = await newMapping(t.db);
    const jobId = randomUUID();
    await apply(retriedRun(jobId, mappingId, T0));
    expect(await jobRow(jobId)).toMatchObject({
      job_type: "manual",
      status: "completed",
      messages_fetched: 12,
      messages_processed: 12,
      processing_time_ms: 900,
      error_code: null,
      requested_by: "admin@tcis.test",
      requested_at: new Date(T0),
      started_at: new Date(T0 + 1_000),
      finished_at: new Date(T0 + 5_000),
    });
    expect(await mappingState(mappingId)).toMatchObject({ sync_status: "active", syncing: false, no_job: true, last_error: null, last_sync_at: new Date(T0 + 5_000) });
  });

  it("when the same events arrive shuffled and duplicated, then every job row and mapping equals the in-order result", async () => {
    const refMapping = await newMapping(t.db);
    const refJob = randomUUID();
    await apply(retriedRun(refJob, refMapping, T0));
    const expectedJob = await jobRow(refJob);
    const expectedMapping = await mappingState(refMapping);

    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < PERMUTATIONS; i++) {
      const mappingId = await newMapping(t.db);
      const jobId = randomUUID();
      const events = retriedRun(jobId, mappingId, T0);
      const shuffled = [...events, ...events.filter(() => random() < 0.3)].sort(() => random() - 0.5);
      await apply(shuffled);
      const order = shuffled.map((e) => `${e.name}@${e.envelope.occurredAt.slice(17, 19)}`).join(" ");
      expect(await jobRow(jobId), order).toEqual(expectedJob);
      expect(await mappingState(mappingId), order).toEqual(expectedMapping);
    }
  });

  it("when a terminal job receives a late start, then it stays terminal and the mapping does not show syncing", async () => {
    const mappingId = await newMapping(t.db);
    const jobId = randomUUID();
    const [requested, started, , , , completed] = retriedRun(jobId, mappingId, T0);
    await apply([requested!, completed!, started!]);
    expect((await jobRow(jobId)).status).toBe("completed");
    expect(await mappingState(mappingId)).toMatchObject({ syncing: false, sync_status: "active" });
  });

  it("when progress arrives with lower counts than already recorded, then the counts do not go down", async () => {
    const mappingId = await newMapping(t.db);
    const jobId = randomUUID();
    const [requested, , progress, failed] = retriedRun(jobId, mappingId, T0);
    await apply([requested!, failed!, progress!]);
    expect(await jobRow(jobId)).toMatchObject({ status: "running", messages_fetched: 7, messages_processed: 5, error_code: "ingest_unavailable" });
  });

  describe("a job's warnings", () => {
    // 70 unreachable ms found by the first attempt, 60 by the second, 10 by both (the second saw more of them).
    const first = Array.from({ length: 70 }, (_, i) => unreachableWarning(i % 2 === 0 ? "CT_1" : "CT_1-T-1", T0 - 10_000 - i * 7));
    const second = [
      ...Array.from({ length: 50 }, (_, i) => unreachableWarning("CT_1", T0 - 600_000 - i * 11)),
      ...first.slice(0, 10).map((w) => unreachableWarning(w.chatId, w.time, 101)),
    ];
    const run = (jobId: string, mappingId: string) => warnedRun(jobId, mappingId, T0, { first, second });

    it("when a walk's attempts report warnings, then the job keeps their union: one per chat and millisecond with the largest seen, the newest 100, and the whole job's counts", async () => {
      const mappingId = await newMapping(t.db);
      const jobId = randomUUID();
      await apply(run(jobId, mappingId));
      const row = await jobRow(jobId);
      expect(row).toMatchObject({ status: "completed", messages_fetched: 230, messages_processed: 230, error_code: null });
      expect(row.warnings).toEqual(mergeWarnings(first, second));
      expect(row.warnings).toHaveLength(100);
      expect(row.warnings[0]).toEqual(unreachableWarning("CT_1", T0 - 10_000, 101));
    });

    it("when its events arrive shuffled and duplicated, then the warnings, counts and status equal the in-order result", async () => {
      const refMapping = await newMapping(t.db);
      const refJob = randomUUID();
      await apply(run(refJob, refMapping));
      const expected = await jobRow(refJob);

      let seed = 7;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      for (let i = 0; i < PERMUTATIONS; i++) {
        const jobId = randomUUID();
        const events = run(jobId, await newMapping(t.db));
        const shuffled = [...events, ...events.filter(() => random() < 0.3)].sort(() => random() - 0.5);
        await apply(shuffled);
        expect(await jobRow(jobId), shuffled.map((e) => e.name).join(" ")).toEqual(expected);
      }
    });

    it("when a job reported no warnings, then its column stays NULL", async () => {
      const jobId = randomUUID();
      await apply(retriedRun(jobId, await newMapping(t.db), T0));
      expect((await jobRow(jobId)).warnings).toBeNull();
    });
  });
});
