// The seed's cron (POST /functions/v1/zoho-sync) end to end with the REAL channel-mapping (built
// by buildMappingService through its test harness, as its main.ts builds it), the Zoho simulator
// and an auth stand-in: the sweep it runs reads the channel list as the scheduler's service
// identity, so the budget planner is used and only channels with news are requested.
import { randomUUID } from "node:crypto";
import { addNewMessage, mapSyncedChannels, startHarness, storedEvents, type Harness, type SyncedChannel } from "@cliq/channel-mapping/test-support";
import { createPublisher } from "@cliq/runtime";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestGateway, memoryAuditTrail } from "../test-fixtures/gateway.ts";

const SERVICE_TOKEN = `svc-${randomUUID()}`;

describe("the seed's cron with the real channel-mapping", () => {
  let h: Harness;
  let app: FastifyInstance;
  let synced: SyncedChannel[];

  beforeAll(async () => {
    h = await startHarness({ channels: 6, messagesPerChannel: 5 });
    await h.startInstance();
    synced = await mapSyncedChannels(h, 3);
    app = await buildTestGateway({
      db: h.t.db,
      audit: memoryAuditTrail(),
      commands: await h.newCommandClient(),
      events: createPublisher({ nc: h.nc, prefix: h.prefix, source: "gateway", logger: h.logger }),
      env: { SERVICE_TOKEN, SUBJECT_PREFIX: h.prefix, SCHEDULER_PLANNER_TIMEOUT: "15s" },
    });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it("when the cron runs after one channel got a new message, then the planner is used and only that channel's mapping is requested", async () => {
    const changed = synced[1]!;
    addNewMessage(h, changed);
    h.sim.resetCounters();

    const res = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync", headers: { authorization: `Bearer ${SERVICE_TOKEN}` } });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ plannerUsed: true, scanned: 3, due: 3, requested: 1, failed: 0, skipped: { unchanged: 2 } });
    expect(res.json().plannerError).toBeUndefined();
    const requested = (await storedEvents(h, "sync")).filter((e) => e.envelope.type === "sync.requested").map((e) => e.envelope.data);
    expect(requested).toEqual([expect.objectContaining({ mappingId: changed.mappingId, jobType: "scheduled", requestedBy: "scheduler" })]);
    expect(h.sim.counters().requests.messages).toBe(0);
  });
});
