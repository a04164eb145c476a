// GET /api/events over a real HTTP connection, reading the real SYNC and MAPPING streams (own
// subject prefix and streams): live delivery, resume after a disconnect with Last-Event-ID (exactly
// the missed events, in order, no duplicates), the client filter, heartbeats, consumer cleanup.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
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
  type Publisher,
} from "@cliq/runtime";
import { deleteStreams, NATS_URL, uniqueId } from "@cliq/testkit";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createJetStreamLiveEvents } from "../live/live-events.ts";
import { exampleMapping } from "../openapi/examples.ts";
import { authHeader, buildTestGateway } from "../test-fixtures/gateway.ts";
import { openEventStream, type SseEvent, type SseStream } from "../test-fixtures/sse-client.ts";

const logger = createLogger({ service: "gateway-events-test", level: "silent" });
const prefix = uniqueId("gwev");
const CLIENT_X = randomUUID();
const CLIENT_Y = randomUUID();
const MAPPING_A = randomUUID(); // client X, known to channel-mapping
const MAPPING_B = randomUUID(); // client Y, known to channel-mapping
const CLIENT_OF: Record<string, string> = { [MAPPING_A]: CLIENT_X, [MAPPING_B]: CLIENT_Y };

let nc: NatsConnection;
let server: CommandServer;
let publisher: Publisher;
let app: FastifyInstance;
let base: string;
let auth: Record<string, string>;
const mappingGets: string[] = [];

const cursor = { time: null, ids: [] };
const now = () => new Date().toISOString();

async function syncProgress(mappingId: string, n: number): Promise<string> {
  const e = await publisher.publish("syncProgress", { jobId: randomUUID(), mappingId, messagesFetched: n, messagesProcessed: n, cursor });
  return e.id;
}
async function mappingEvent(name: "mappingCreated" | "mappingPaused", mappingId: string, clientId: string): Promise<string> {
  const ref = { mappingId, clientId, roomId: randomUUID(), zohoChannelId: "T1", by: "admin@example.com" };
  const e =
    name === "mappingCreated"
      ? await publisher.publish("mappingCreated", { ...ref, zohoChatId: "CT_1", zohoChannelName: "#one", syncFrom: now() })
      : await publisher.publish("mappingPaused", ref);
  return e.id;
}

const dataEvents = (e: SseEvent) => e.event !== "ready";
const opened: SseStream[] = [];
async function connect(path: string, headers: Record<string, string>): Promise<SseStream> {
  const stream = await openEventStream(`${base}${path}`, headers);
  opened.push(stream);
  return stream;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});
const envelopeId = (e: SseEvent) => (JSON.parse(e.data) as { id: string }).id;

beforeAll(async () => {
  nc = await connectNats({ url: NATS_URL, name: "gateway-events-test", logger });
  await provisionStreams(nc, prefix);
  publisher = createPublisher({ nc, prefix, source: "test", logger });
  server = serveCommands({
    nc,
    prefix,
    logger,
    handlers: {
      mappingGet: async ({ mappingId }): Promise<MappingView> => {
        mappingGets.push(mappingId);
        const clientId = CLIENT_OF[mappingId];
        if (clientId === undefined) throw new AppError("mapping_not_found", `mapping ${mappingId} does not exist`);
        return { ...exampleMapping, id: mappingId, clientId };
      },
    },
  });
  app = await buildTestGateway({
    commands: createCommandClient({ nc, prefix, timeoutMs: 2_000 }),
    liveEvents: createJetStreamLiveEvents({ nc, prefix, logger }),
    env: { SSE_HEARTBEAT_INTERVAL: "200" },
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  auth = await authHeader(["backend"], "watcher@example.com");
});

afterAll(async () => {
  await app.close();
  await server.stop();
  await deleteStreams(nc, prefix);
  await drainNats(nc);
});

describe("live events (SSE)", () => {
  it("when a client disconnects and reconnects with Last-Event-ID, then it gets exactly the missed events, in order, then live ones", async () => {
    const first = await connect("/api/events", auth);
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toContain("text/event-stream");
    await first.waitFor((e) => e.event === "ready");

    const live = [await syncProgress(MAPPING_A, 1)];
    await first.waitFor(dataEvents, 1);
    live.push(await mappingEvent("mappingCreated", MAPPING_B, CLIENT_Y));
    const received = await first.waitFor(dataEvents, 2);
    expect(received.map(envelopeId)).toEqual(live);
    expect(received.map((e) => e.event)).toEqual(["sync.progress", "mapping.created"]);
    const lastId = received[1]?.id as string;
    expect(lastId).toMatch(/^sync:\d+,mapping:\d+$/);
    first.close();

    // Missed events of both streams are replayed in the order they were stored.
    const missed = [await syncProgress(MAPPING_A, 2), await mappingEvent("mappingPaused", MAPPING_B, CLIENT_Y), await syncProgress(MAPPING_B, 3)];
    const second = await connect("/api/events", { ...auth, "last-event-id": lastId });
    const resumed = await second.waitFor(dataEvents, 3);
    expect(resumed.map(envelopeId)).toEqual(missed);

    const after = await syncProgress(MAPPING_A, 4);
    await second.waitFor(dataEvents, 4);
    await sleep(300); // a duplicate would arrive by now
    expect(second.events.filter(dataEvents).map(envelopeId)).toEqual([...missed, after]);
    // Ids only grow: each names the position after its own event.
    const ids = second.events.filter(dataEvents).map((e) => e.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    second.close();
  });

  it("when the stream is resumed from the ready event's id, then nothing published meanwhile is lost", async () => {
    const first = await connect("/api/events", auth);
    const [ready] = await first.waitFor((e) => e.event === "ready");
    first.close();
    const missed = await syncProgress(MAPPING_B, 5);
    const second = await connect(`/api/events?lastEventId=${encodeURIComponent(ready?.id as string)}`, auth);
    expect((await second.waitFor(dataEvents, 1)).map(envelopeId)).toEqual([missed]);
    second.close();
  });

  it("when a client filters by clientId, then it sees only that client's sync and mapping events", async () => {
    const stream = await connect(`/api/events?clientId=${CLIENT_X}`, auth);
    await stream.waitFor((e) => e.event === "ready");
    const mappingC = randomUUID(); // unknown to channel-mapping: learned from its created event
    const w0 = await syncProgress(MAPPING_A, 6);
    const w1 = await mappingEvent("mappingCreated", mappingC, CLIENT_X);
    // The two streams are read independently: let the created event land before the mapping's
    // first sync event (in production a mapping's syncs come long after its creation).
    await stream.waitFor((e) => e.event === "mapping.created");
    const wanted = [w0, w1, await syncProgress(mappingC, 7)];
    await syncProgress(MAPPING_B, 8);
    await mappingEvent("mappingPaused", MAPPING_B, CLIENT_Y);
    await syncProgress(randomUUID(), 9); // a deleted mapping: not found, dropped
    const last = await syncProgress(MAPPING_A, 10);
    const got = await stream.waitFor(dataEvents, 4);
    await sleep(300); // anything of the other client would have arrived by now
    const received = stream.events.filter(dataEvents);
    // Live events of one stream arrive in order; the two streams are delivered as they arrive.
    const w2 = wanted[2];
    expect(received.filter((e) => e.event.startsWith("sync.")).map(envelopeId)).toEqual([w0, w2, last]);
    expect(received.filter((e) => e.event.startsWith("mapping.")).map(envelopeId)).toEqual([w1]);
    expect(got).toHaveLength(4);
    expect(mappingGets).not.toContain(mappingC);
    stream.close();
  });

  it("when the stream is idle, then heartbeat comments keep it open", async () => {
    const stream = await connect("/api/events", auth);
    await stream.waitFor((e) => e.event === "ready");
    await sleep(700);
    expect(stream.comments.filter((c) => c === "heartbeat").length).toBeGreaterThanOrEqual(2);
    stream.close();
  });

  it("when the client disconnects, then its consumers on SYNC and MAPPING are removed", async () => {
    const jsm = await jetstreamManager(nc);
    const counts = async () => Promise.all((["sync", "mapping"] as const).map(async (k) => (await jsm.streams.info(subjectsFor(prefix).stream(k))).state.consumer_count));
    await expect.poll(counts, { timeout: 5_000 }).toEqual([0, 0]);
    const stream = await connect("/api/events", auth);
    await stream.waitFor((e) => e.event === "ready");
    await expect.poll(counts, { timeout: 5_000 }).toEqual([1, 1]);
    stream.close();
    await expect.poll(counts, { timeout: 5_000 }).toEqual([0, 0]);
  });

  it("when Last-Event-ID is not an id the stream sent, or the caller lacks a role, then 400 or 403 before any stream", async () => {
    const bad = await connect("/api/events", { ...auth, "last-event-id": "42" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.text())).toMatchObject({ error: { code: "validation_failed", message: expect.stringContaining("last-event-id") } });
    const user = await connect("/api/events", await authHeader(["user"]));
    expect(user.status).toBe(403);
    await user.text();
    const anonymous = await connect("/api/events", {});
    expect(anonymous.status).toBe(401);
    await anonymous.text();
  });
});
