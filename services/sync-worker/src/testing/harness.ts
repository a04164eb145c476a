// Everything an end-to-end test or benchmark of the worker needs around it: a fresh schema, the
// Zoho simulator, the ingest sink, a NATS prefix with streams, an auth responder, helpers to
// create mappings, request syncs and watch the sync events.
import { randomUUID } from "node:crypto";
import { EVENT_SUBJECTS, subjectsFor, type Envelope, type EventData, type EventName } from "@cliq/contracts";
import { startIngestSink, type IngestSink } from "@cliq/ingest-sink";
import { connectNats, createLogger, createPublisher, provisionStreams, type Logger, type NatsConnection, type Publisher } from "@cliq/runtime";
import { createTestDb, deleteStreams, NATS_URL, REDIS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import { startSimulator, type GeneratedOrg, type RateLimitPatch, type SimChannel, type Simulator } from "@cliq/zoho-simulator";
import { startAuthStub, type AuthStub } from "./auth-stub.ts";

export type SyncEvent = { name: EventName; envelope: Envelope<unknown> };

export type Harness = {
  prefix: string;
  t: TestDb;
  sim: Simulator;
  sink: IngestSink;
  nc: NatsConnection;
  auth: AuthStub;
  logger: Logger;
  publisher: Publisher;
  events: SyncEvent[];
  /** Environment for a worker process of this harness (override per test). */
  workerEnv(over?: Record<string, string>): Record<string, string>;
  createMapping(channel: SimChannel, opts?: { syncStatus?: "active" | "paused" | "error"; syncFrom?: Date }): Promise<{ mappingId: string; roomId: string }>;
  /** Message ids the sink stored for a room, in arrival order. */
  sinkIds(roomId: string): string[];
  requestSync(mappingId: string, jobType?: "manual" | "scheduled" | "retry"): Promise<string>;
  /** The sync.completed/sync.failed that ends a job (following continuations), waiting up to timeoutMs. */
  waitForEnd(jobId: string, timeoutMs?: number): Promise<SyncEvent>;
  eventsFor(jobId: string): SyncEvent[];
  stop(): Promise<void>;
};

export type HarnessOptions = { data: GeneratedOrg; limits?: RateLimitPatch; sinkToken?: string };

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const prefix = uniqueId("sw");
  const logger = createLogger({ service: "sync-worker-test", level: "warn" });
  const t = await createTestDb();
  const sim = await startSimulator({ data: opts.data, ...(opts.limits === undefined ? {} : { limits: opts.limits }) });
  const sinkToken = opts.sinkToken ?? "sink-token";
  const sink = await startIngestSink({ token: sinkToken });
  const nc = await connectNats({ url: NATS_URL, name: `test-${prefix}`, logger });
  await provisionStreams(nc, prefix);
  const auth = startAuthStub({ nc, prefix, sim, logger });
  const publisher = createPublisher({ nc, prefix, source: "test", logger });
  const events: SyncEvent[] = [];
  // waitForEnd wakes on each event rather than polling, so benchmarks time the job, not a poll interval.
  const onEvent = new Set<() => void>();
  const nextEvent = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        onEvent.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      onEvent.add(done);
    });
  const names = new Map<string, EventName>(Object.entries(EVENT_SUBJECTS).map(([k, v]): [string, EventName] => [v, k as EventName]));
  nc.subscribe(subjectsFor(prefix).syncAll, {
    callback: (_err, msg) => {
      const name = names.get(msg.subject.slice(prefix.length + 1));
      if (name === undefined) return;
      events.push({ name, envelope: msg.json<Envelope<unknown>>() });
      for (const wake of [...onEvent]) wake();
    },
  });
  await nc.flush();
  const client = await t.db.client.create({ data: { name: `client ${prefix}` } });

  const h: Harness = {
    prefix,
    t,
    sim,
    sink,
    nc,
    auth,
    logger,
    publisher,
    events,
    workerEnv: (over = {}) => ({
      NATS_URL,
      DATABASE_URL: t.url,
      DB_SCHEMA: t.schema,
      REDIS_URL,
      SUBJECT_PREFIX: prefix,
      LOG_LEVEL: "info",
      INGEST_URL: sink.url,
      INGEST_TOKEN: sinkToken,
      ...over,
    }),
    async createMapping(channel, mopts = {}) {
      const room = await t.db.room.create({ data: { clientId: client.id, name: `room ${channel.name}`, kind: "internal" } });
      const m = await t.db.zohoChannelMapping.create({
        data: {
          clientId: client.id,
          roomId: room.id,
          zohoChannelId: channel.channel_id,
          zohoChatId: channel.chat_id as string,
          zohoChannelName: channel.name,
          syncFrom: mopts.syncFrom ?? new Date(0),
          createdBy: "test",
          ...(mopts.syncStatus === undefined ? {} : { syncStatus: mopts.syncStatus }),
        },
      });
      return { mappingId: m.id, roomId: room.id };
    },
    sinkIds: (roomId) => sink.records().filter((r) => r.body.room_id === roomId).flatMap((r) => r.body.message_ids ?? []),
    async requestSync(mappingId, jobType = "manual") {
      const jobId = randomUUID();
      await publisher.publish("syncRequested", { jobId, mappingId, jobType, requestedAt: new Date().toISOString(), requestedBy: "test" });
      return jobId;
    },
    async waitForEnd(jobId, timeoutMs = 60_000) {
      const started = Date.now();
      let current = jobId;
      while (Date.now() - started < timeoutMs) {
        const end = events.find((e) => (e.name === "syncCompleted" || (e.name === "syncFailed" && (e.envelope.data as EventData<"syncFailed">).final)) && jobOf(e) === current);
        if (end !== undefined) {
          const c = end.envelope.data as EventData<"syncCompleted">;
          if (end.name !== "syncCompleted" || !c.continued) return end;
          const next = events.find((e) => e.name === "syncRequested" && (e.envelope.data as EventData<"syncRequested">).continuationOf === current);
          if (next !== undefined) {
            current = jobOf(next);
            continue;
          }
        }
        await nextEvent(Math.max(1, timeoutMs - (Date.now() - started)));
      }
      throw new Error(`job ${jobId} did not end within ${timeoutMs} ms; events: ${JSON.stringify(events.filter((e) => e.name !== "syncProgress").map((e) => [e.name, e.envelope.data]))}`);
    },
    eventsFor: (jobId) => events.filter((e) => jobOf(e) === jobId),
    async stop() {
      await auth.stop().catch(() => undefined);
      await deleteStreams(nc, prefix);
      await nc.drain().catch(() => undefined);
      await sink.close();
      await sim.close();
      await t.drop();
    },
  };
  return h;
}

function jobOf(e: SyncEvent): string {
  return (e.envelope.data as { jobId: string }).jobId;
}

/** The ids of a simulated chat in delivery order: (time, id) ascending. */
export function expectedIds(sim: Simulator, chatId: string): string[] {
  return sim
    .messages(chatId)
    .map((m) => ({ id: m.id.replace(/%20| /g, "_"), time: Number(m.time) }))
    .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m) => m.id);
}
