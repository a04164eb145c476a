// The seed's edge-function names against real PostgreSQL (own schema) and NATS (own prefix and
// streams): the cron's POST /functions/v1/zoho-sync runs the scheduler's sweep with the service
// token, and zoho-sync-trigger requests a manual run like /api/zoho-mappings/:id/sync.
import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { AppError, subjectsFor, type MappingView } from "@cliq/contracts";
import {
  connectNats,
  createCommandClient,
  createLogger,
  createPublisher,
  drainNats,
  provisionStreams,
  serveCommands,
  type CommandServer,
  type NatsConnection,
} from "@cliq/runtime";
import { createTestDb, deleteStreams, NATS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleMapping } from "../openapi/examples.ts";
import { authHeader, buildTestGateway, memoryAuditTrail } from "../test-fixtures/gateway.ts";

const logger = createLogger({ service: "gateway-functions-test", level: "silent" });
const prefix = uniqueId("gwfn");
const SERVICE_TOKEN = `svc-${randomUUID()}`;
const cron = { authorization: `Bearer ${SERVICE_TOKEN}` };

let testDb: TestDb;
let nc: NatsConnection;
let server: CommandServer;
let app: FastifyInstance;
const audit = memoryAuditTrail();
const ids: Record<"active" | "paused" | "broken", string> = { active: "", paused: "", broken: "" };

async function syncRequested(): Promise<{ mappingId: string; jobType: string; jobId: string }[]> {
  const jsm = await jetstreamManager(nc);
  const stream = subjectsFor(prefix).stream("sync");
  const info = await jsm.streams.info(stream);
  const out: { mappingId: string; jobType: string; jobId: string }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m?.subject === subjectsFor(prefix).event("syncRequested")) out.push(m.json<{ data: { mappingId: string; jobType: string; jobId: string } }>().data);
  }
  return out;
}

beforeAll(async () => {
  testDb = await createTestDb();
  const client = await testDb.db.client.create({ data: { name: "Acme" } });
  for (const [key, status] of [
    ["active", "active"],
    ["paused", "paused"],
    ["broken", "error"],
  ] as const) {
    const room = await testDb.db.room.create({ data: { clientId: client.id, name: key, kind: "internal" } });
    const m = await testDb.db.zohoChannelMapping.create({
      data: {
        clientId: client.id,
        roomId: room.id,
        zohoChannelId: `T${key}${prefix}`.slice(0, 60),
        zohoChatId: `CT_${key}`,
        zohoChannelName: `#${key}`,
        syncStatus: status,
        createdBy: "test",
        ...(status === "error" ? { lastError: "denied", lastErrorCode: "channel_access_denied", lastErrorRetryable: false } : {}),
      },
    });
    ids[key] = m.id;
  }
  nc = await connectNats({ url: NATS_URL, name: "gateway-functions-test", logger });
  await provisionStreams(nc, prefix);
  server = serveCommands({
    nc,
    prefix,
    logger,
    handlers: {
      mappingGet: async ({ mappingId }): Promise<MappingView> => {
        if (mappingId !== ids.active) throw new AppError("mapping_not_found", `mapping ${mappingId} does not exist`);
        return { ...exampleMapping, id: mappingId };
      },
    },
  });
  app = await buildTestGateway({
    db: testDb.db,
    audit,
    commands: createCommandClient({ nc, prefix, timeoutMs: 2_000 }),
    events: createPublisher({ nc, prefix, source: "gateway", logger }),
    // No channel-list responder here: the planner is skipped and every due mapping is requested.
    env: { SERVICE_TOKEN, SUBJECT_PREFIX: prefix, SCHEDULER_PLANNER_TIMEOUT: "200" },
  });
});

afterAll(async () => {
  await app.close();
  await server.stop();
  await deleteStreams(nc, prefix);
  await drainNats(nc);
  await testDb.drop();
});

describe("the seed's cron: POST /functions/v1/zoho-sync", () => {
  it("when the cron calls with the service token (as its curl does: no body), then due mappings are requested and the report says so", async () => {
    const res = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync", headers: cron });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: "full", scanned: 3, due: 1, requested: 1, failed: 0, skipped: { paused: 1, needsAdmin: 1, unchanged: 0 }, plannerUsed: false });
    const requested = await syncRequested();
    expect(requested).toEqual([expect.objectContaining({ mappingId: ids.active, jobType: "scheduled" })]);
    expect(audit.entries.at(-1)).toMatchObject({ actorId: "service-token", action: "POST /functions/v1/zoho-sync", outcome: "succeeded" });
  });

  it("when the cron fires twice in the same slot, then the mapping is still requested once", async () => {
    const again = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync", headers: cron });
    expect(again.statusCode).toBe(200);
    expect((await syncRequested()).filter((r) => r.jobType === "scheduled")).toHaveLength(1);
  });

  it("when the token is a user's JWT, wrong, or not configured, then 401 and nothing is requested", async () => {
    const before = (await syncRequested()).length;
    const user = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync", headers: await authHeader(["super_admin"]) });
    const wrong = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync", headers: { authorization: `Bearer ${SERVICE_TOKEN}x` } });
    const unconfigured = await buildTestGateway({ db: testDb.db, env: { SUBJECT_PREFIX: prefix } });
    const none = await unconfigured.inject({ method: "POST", url: "/functions/v1/zoho-sync", headers: cron });
    await unconfigured.close();
    for (const res of [user, wrong, none]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({ code: "unauthenticated", message: expect.stringContaining("service token") });
      expect(res.body).not.toContain(SERVICE_TOKEN);
    }
    expect((await syncRequested()).length).toBe(before);
  });
});

describe("aliases that take a user JWT", () => {
  it("when zoho-sync-trigger names a mapping, then a manual run is requested like /api/zoho-mappings/:id/sync", async () => {
    const res = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync-trigger", headers: await authHeader(["backend"], "bob"), payload: { mappingId: ids.active } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ mappingId: ids.active, jobType: "manual", status: "pending" });
    expect(await syncRequested()).toContainEqual(expect.objectContaining({ jobId: res.json().jobId, jobType: "manual" }));
  });

  it("when zoho-sync-trigger names an unknown mapping or the body is wrong, then 404 or 400 with the standard body", async () => {
    const headers = await authHeader(["backend"]);
    const unknown = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync-trigger", headers, payload: { mappingId: randomUUID() } });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, "mapping_not_found"]);
    const snake = await app.inject({ method: "POST", url: "/functions/v1/zoho-sync-trigger", headers, payload: { mapping_id: ids.active } });
    expect([snake.statusCode, snake.json().error.code]).toEqual([400, "validation_failed"]);
  });
});
