// A job's warnings end to end inside channel-mapping: sync events with warnings published on the
// SYNC stream → the projection (consumer mappingProjection) → the job row → the jobGet, mappingJobs
// and mappingRooms replies over NATS.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, projectionCaughtUp, startHarness, type Harness } from "./test-support/harness.ts";
import { envelope, publishSync, retriedRun, unreachableWarning, type AnySyncEvent } from "./test-support/sync-events.ts";

const T0 = Date.UTC(2026, 0, 6, 9, 0, 0);

describe("a job's warnings in the replies", () => {
  let h: Harness;
  let client: { id: string; rooms: { id: string; name: string }[] };
  let mappings: { warned: string; clean: string };
  let chatId: string;
  let lastSeq = 0;

  beforeAll(async () => {
    h = await startHarness({ channels: 4 });
    await h.startInstance();
    client = await h.seedClient("Acme", [{ name: "Warned" }, { name: "Clean" }, { name: "Unmapped" }]);
    const readable = h.sim.channels().filter((c) => c.chat_id !== null);
    const [warned, clean] = await Promise.all(
      [0, 1].map((i) => h.commands.request("mappingCreate", { actor: ADMIN, clientId: client.id, roomId: client.rooms[i]!.id, zohoChannelId: readable[i]!.channel_id })),
    );
    mappings = { warned: warned!.id, clean: clean!.id };
    chatId = warned!.zohoChatId;
  });
  afterAll(async () => {
    await h?.close();
  });

  const publish = async (...events: AnySyncEvent[]) => {
    for (const e of events) lastSeq = await publishSync(h.nc, h.prefix, e);
  };
  const drained = () => projectionCaughtUp(h, lastSeq);
  const rooms = async () => {
    const reply = await h.commands.request("mappingRooms", { actor: ADMIN, clientId: client.id });
    return Object.fromEntries(reply.rooms.map((r) => [r.name, r]));
  };

  it("when a run completes with warnings, then the job row, the job history and the room show them; a room whose latest job has none shows null", async () => {
    const jobId = randomUUID();
    const dense = unreachableWarning(chatId, Date.UTC(2025, 0, 6, 9, 0, 0, 123));
    const older = unreachableWarning(chatId, Date.UTC(2025, 0, 5, 17, 30, 0, 5));
    const [requested, started, , , , completed] = retriedRun(jobId, mappings.warned, T0);
    // the progress reported one, the completion both (and the first again)
    await publish(
      requested!,
      started!,
      envelope("syncProgress", { jobId, mappingId: mappings.warned, messagesFetched: 10, messagesProcessed: 10, cursor: { time: null, ids: [] }, warnings: [dense] }, new Date(T0 + 2_000)),
      { ...completed!, envelope: { ...completed!.envelope, data: { ...completed!.envelope.data, warnings: [older, dense] } } } as AnySyncEvent,
    );
    await publish(...retriedRun(randomUUID(), mappings.clean, T0));
    await drained();

    const job = await h.commands.request("jobGet", { actor: ADMIN, jobId });
    expect(job).toMatchObject({ status: "completed", messagesProcessed: 12 });
    expect(job.warnings).toEqual([dense, older]); // newest millisecond first
    const history = await h.commands.request("mappingJobs", { actor: ADMIN, mappingId: mappings.warned });
    expect(history.jobs.map((j) => [j.id, j.warnings])).toEqual([[jobId, [dense, older]]]);

    const view = await rooms();
    expect(view.Warned!.latestJobWarnings).toEqual({ jobId, status: "completed", requestedAt: new Date(T0).toISOString(), warnings: [dense, older] });
    expect(view.Clean!.latestJobWarnings).toBeNull();
    expect(view.Clean!.mapping).not.toBeNull();
    expect(view.Unmapped).toMatchObject({ mapping: null, latestJobWarnings: null });
    const clean = await h.commands.request("mappingJobs", { actor: ADMIN, mappingId: mappings.clean });
    expect(clean.jobs[0]!.warnings).toEqual([]);
  });

  it("when a newer job of the mapping has no warnings, then the room no longer shows the older job's, while its history row keeps them", async () => {
    const before = (await rooms()).Warned!.latestJobWarnings!;
    const next = randomUUID();
    await publish(...retriedRun(next, mappings.warned, T0 + 3_600_000));
    await drained();
    expect((await rooms()).Warned!.latestJobWarnings).toBeNull();
    const history = await h.commands.request("mappingJobs", { actor: ADMIN, mappingId: mappings.warned });
    expect(history.jobs.map((j) => [j.id, j.warnings.length])).toEqual([
      [next, 0],
      [before.jobId, 2],
    ]);
  });
});
