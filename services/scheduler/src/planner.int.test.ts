// The budget planner end to end: the real sweep, wired by buildSweepDeps as main.ts wires it,
// asks the REAL channel-mapping (built by buildMappingService, as its main.ts does, through its
// test harness) for the channel list as the scheduler's service identity. The Zoho simulator
// serves the channels; an auth stand-in answers cmd.auth.token.get with a simulator token.
// Mappings are synced up to their channel's newest message (a sync.completed applied by
// channel-mapping's projection to last_message_time, which the planner compares).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addNewMessage, mapSyncedChannels, startHarness, type Harness, type SyncedChannel } from "@cliq/channel-mapping/test-support";
import { loadConfig, StopStack, type CommandClient } from "@cliq/runtime";
import { schedulerEnvSchema } from "./config.ts";
import { runSweep, type SweepDeps } from "./sweep.ts";
import { buildSweepDeps } from "./sweep-deps.ts";
import { readSyncRequested } from "./test-support.ts";

describe("the budget planner against the real channel-mapping", () => {
  let h: Harness;
  let synced: SyncedChannel[];
  let deps: SweepDeps;
  const stack = new StopStack();
  const requestedIds = async () => (await readSyncRequested(h.nc, h.prefix)).map((s) => s.envelope.data.mappingId);

  beforeAll(async () => {
    h = await startHarness({ channels: 6, messagesPerChannel: 5 });
    await h.startInstance();
    synced = await mapSyncedChannels(h, 4);
    const env = loadConfig(schedulerEnvSchema, { ...h.env, SCHEDULER_PLANNER_TIMEOUT: "15s" });
    ({ deps } = await buildSweepDeps(env, h.logger, stack));
  });
  afterAll(async () => {
    await stack.stop();
    await h?.close();
  });

  it("when every mapping is synced up to its channel's newest message, then the planner is used and nothing is requested", async () => {
    // Both time forms of §2.3/§5 are in play: epoch ms and ISO-8601 (+05:30, whole seconds).
    expect(new Set(synced.map((s) => s.timeForm))).toEqual(new Set(["epoch ms", "ISO"]));
    h.sim.resetCounters();
    const report = await runSweep(deps);
    expect(report).toMatchObject({ plannerUsed: true, scanned: 4, due: 4, requested: 0, failed: 0, skipped: { paused: 0, needsAdmin: 0, unchanged: 4 } });
    expect(report.plannerError).toBeUndefined();
    expect(await requestedIds()).toEqual([]);
    expect(h.sim.counters().requests).toMatchObject({ messages: 0, channels: 1 });
  });

  it("when one channel gets a new message, then only its mapping is requested and Zoho's messages endpoint is never called", async () => {
    const changed = synced.find((s) => s.timeForm === "ISO")!;
    addNewMessage(h, changed);
    h.sim.resetCounters();
    const report = await runSweep(deps);
    expect(report).toMatchObject({ plannerUsed: true, scanned: 4, due: 4, requested: 1, failed: 0, skipped: { unchanged: 3 } });
    const stored = await readSyncRequested(h.nc, h.prefix);
    expect(stored.map((s) => s.envelope.data)).toEqual([expect.objectContaining({ mappingId: changed.mappingId, jobType: "scheduled", requestedBy: "scheduler" })]);
    expect(h.sim.counters().requests.messages).toBe(0);
    expect(h.sim.counters().requests.channels).toBeGreaterThan(0);
  });

  it("when the sweep reads its mappings page by page, then it asks activity per page, and Zoho's channel list is read once for the whole sweep", async () => {
    const env = loadConfig(schedulerEnvSchema, { ...h.env, SCHEDULER_PLANNER_TIMEOUT: "15s", SCHEDULER_PAGE_SIZE: "1" });
    const paged = await buildSweepDeps(env, h.logger, stack);
    h.sim.resetCounters();
    const report = await runSweep(paged.deps);
    // The channel given a new message above still has news; the other three are unchanged.
    expect(report).toMatchObject({ plannerUsed: true, scanned: 4, requested: 1, skipped: { unchanged: 3 } });
    // 6 channels fit one Zoho page: one read, however many pages of mappings asked.
    expect(h.sim.counters().requests).toMatchObject({ messages: 0, channels: 1 });
  });

  it("when the sweep asks as a user with the role system (the old scheduler actor), then channel-mapping refuses and every due mapping is requested", async () => {
    const asOldActor: Pick<CommandClient, "request"> = {
      request: (name, payload, opts) => deps.commands.request(name, { ...payload, actor: { userId: "scheduler", roles: ["system"] } } as typeof payload, opts),
    };
    const report = await runSweep({ ...deps, commands: asOldActor });
    expect(report).toMatchObject({ plannerUsed: false, due: 4, requested: 4, skipped: { unchanged: 0 } });
    expect(report.plannerError).toMatch(/super_admin or backend/);
    expect(new Set(await requestedIds())).toEqual(new Set(synced.map((s) => s.mappingId)));
  });
});
