// Manual sync and retry (routes/sync.ts, mounted by default) through the real path: HTTP → gateway → NATS command responders for the
// owner's checks → sync.requested on the real SYNC stream.
import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { AppError, EVENT_SUBJECTS, prefixed, subjectsFor, type JobView, type MappingView } from "@cliq/contracts";
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
import { deleteStreams, NATS_URL, uniqueId } from "@cliq/testkit";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authHeader, buildTestGateway } from "../test-fixtures/gateway.ts";

const logger = createLogger({ service: "gateway-sync-test", level: "silent" });
const prefix = uniqueId("gws");
const ACTIVE = randomUUID();
const PAUSED = randomUUID();
const FAILED_JOB = randomUUID();
const DONE_JOB = randomUUID();

const now = new Date().toISOString();
function mapping(id: string, syncStatus: MappingView["syncStatus"]): MappingView {
  return {
    id,
    clientId: randomUUID(),
    roomId: randomUUID(),
    zohoChannelId: "T1",
    zohoChatId: "CT_1",
    zohoChannelName: "#one",
    syncStatus,
    syncing: false,
    lastSyncAt: null,
    lastMessageTime: null,
    lastError: null,
    lastErrorCode: null,
    syncFrom: now,
    syncIntervalMinutes: null,
    createdBy: "u",
    createdAt: now,
    updatedAt: now,
  };
}
function job(id: string, status: JobView["status"]): JobView {
  return {
    id,
    mappingId: ACTIVE,
    jobType: "scheduled",
    status,
    messagesFetched: 0,
    messagesProcessed: 0,
    processingTimeMs: null,
    errorCode: status === "failed" ? "zoho_unavailable" : null,
    errorMessage: null,
    retryOf: null,
    requestedBy: null,
    note: null,
    requestedAt: now,
    startedAt: null,
    finishedAt: null,
    warnings: [],
  };
}

let nc: NatsConnection;
let server: CommandServer;
let app: FastifyInstance;

async function requestedEvents(): Promise<{ data: Record<string, unknown> }[]> {
  const jsm = await jetstreamManager(nc);
  const stream = subjectsFor(prefix).stream("sync");
  const info = await jsm.streams.info(stream);
  const out: { data: Record<string, unknown> }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m !== null && m.subject === prefixed(prefix, EVENT_SUBJECTS.syncRequested)) out.push(m.json());
  }
  return out;
}

beforeAll(async () => {
  nc = await connectNats({ url: NATS_URL, name: "gateway-sync-test", logger });
  await provisionStreams(nc, prefix);
  server = serveCommands({
    nc,
    prefix,
    logger,
    handlers: {
      mappingGet: async ({ mappingId }) => {
        if (mappingId === ACTIVE) return mapping(ACTIVE, "active");
        if (mappingId === PAUSED) return mapping(PAUSED, "paused");
        throw new AppError("mapping_not_found", `mapping ${mappingId} does not exist`);
      },
      jobGet: async ({ jobId }) => {
        if (jobId === FAILED_JOB) return job(FAILED_JOB, "failed");
        if (jobId === DONE_JOB) return job(DONE_JOB, "completed");
        throw new AppError("job_not_found", `job ${jobId} does not exist`);
      },
    },
  });
  app = await buildTestGateway({
    commands: createCommandClient({ nc, prefix, timeoutMs: 2_000 }),
    events: createPublisher({ nc, prefix, source: "gateway", logger }),
  });
});

afterAll(async () => {
  await app.close();
  await server.stop();
  await deleteStreams(nc, prefix);
  await drainNats(nc);
});

describe("manual sync and retry", () => {
  it("when a backend user asks to sync an active mapping, then 202 names the job and one manual sync.requested is on the stream", async () => {
    const res = await app.inject({ method: "POST", url: `/api/zoho-mappings/${ACTIVE}/sync`, headers: await authHeader(["backend"], "bob") });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ mappingId: ACTIVE, jobType: "manual", status: "pending" });
    const events = await requestedEvents();
    expect(events.map((e) => e.data)).toContainEqual(expect.objectContaining({ jobId: body.jobId, mappingId: ACTIVE, jobType: "manual", requestedBy: "bob" }));
  });

  it("when the mapping is paused or unknown, then the caller gets 409 or 404 and nothing is emitted", async () => {
    const before = (await requestedEvents()).length;
    const paused = await app.inject({ method: "POST", url: `/api/zoho-mappings/${PAUSED}/sync`, headers: await authHeader(["super_admin"]) });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().error.code).toBe("mapping_paused");
    const unknown = await app.inject({ method: "POST", url: `/api/zoho-mappings/${randomUUID()}/sync`, headers: await authHeader(["super_admin"]) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("mapping_not_found");
    expect((await requestedEvents()).length).toBe(before);
  });

  it("when a failed job is retried, then the new request records retry_of", async () => {
    const res = await app.inject({ method: "POST", url: `/api/zoho-sync-jobs/${FAILED_JOB}/retry`, headers: await authHeader(["backend"]) });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ jobType: "retry", retryOf: FAILED_JOB });
    const events = await requestedEvents();
    expect(events.map((e) => e.data)).toContainEqual(expect.objectContaining({ jobId: res.json().jobId, retryOf: FAILED_JOB, jobType: "retry" }));
  });

  it("when a job that did not fail is retried, then 409 job_not_retryable", async () => {
    const res = await app.inject({ method: "POST", url: `/api/zoho-sync-jobs/${DONE_JOB}/retry`, headers: await authHeader(["backend"]) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("job_not_retryable");
  });

  it("when a user without a sync role or with a malformed id calls, then 403 or 400 naming the field", async () => {
    const forbidden = await app.inject({ method: "POST", url: `/api/zoho-mappings/${ACTIVE}/sync`, headers: await authHeader(["user"]) });
    expect(forbidden.statusCode).toBe(403);
    const bad = await app.inject({ method: "POST", url: `/api/zoho-mappings/not-a-uuid/sync`, headers: await authHeader(["backend"]) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("id");
  });
});
