// A whole cliq-sync stack for one fault test file: the Zoho simulator, the ingest sink, a fresh
// schema, a NATS prefix with its streams, the real auth and channel-mapping services (or, for
// the infrastructure-restart cases, the sync-worker's small auth stub) and N real sync-worker
// processes. Every server URL can point at a private instance the test restarts.
import { randomBytes, randomUUID } from "node:crypto";
import { AppError, EVENT_SUBJECTS, subjectsFor, type Envelope, type EventData, type EventName, type StreamKey } from "@cliq/contracts";
import { startIngestSink, type IngestSink } from "@cliq/ingest-sink";
import { connectNats, createCommandClient, createLogger, createPublisher, provisionStreams, type CommandClient, type Logger, type NatsConnection, type Publisher } from "@cliq/runtime";
import { createTestDb, DATABASE_URL, deleteStreams, NATS_URL, REDIS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import { startSimulator, type GeneratedOrg, type RateLimitPatch, type SimChannel, type Simulator } from "@cliq/zoho-simulator";
import { startAuthStub, type AuthStub } from "../../../services/sync-worker/src/testing/auth-stub.ts";
import { spawnWorker, waitReady, type WorkerProcess } from "../../../services/sync-worker/src/testing/worker-process.ts";
import { captureOutput, type OutputLog, type ServiceProcess } from "./processes.ts";
import { ADMIN, connectZoho, newEncryptionKeys, spawnAuth, spawnChannelMapping, waitServing, type SharedEnv } from "./services.ts";
import { readStream, type StoredEvent } from "./streams.ts";

export type SyncEvent = { name: EventName; envelope: Envelope<unknown> };

export type StackOptions = {
  data: GeneratedOrg;
  simLimits?: RateLimitPatch;
  natsUrl?: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** "service": the real auth service process, connected through the consent flow; "stub": the sync-worker's test responder. */
  auth: "service" | "stub";
  /** Runs the real channel-mapping process (mappings are then created through it). */
  channelMapping: boolean;
  workers: string[];
  workerEnv?: Record<string, string>;
};

export type Mapping = { mappingId: string; roomId: string; channel: SimChannel };

/**
 * The shared Zoho budget. Every process that calls Zoho writes its budget into the same clustered
 * limiter in Redis (last writer wins), and channel-mapping's window is fixed at one minute, so the
 * workers use the same one-minute window and the same numbers as channel-mapping (services.ts):
 * 2,400 messages requests a minute (~40/s), far above what the tests need, below the simulator's.
 */
export const SHARED_BUDGET = { messagesPerMinute: 2_400, channelsPerMinute: 6_000 };
/** The shared-budget variables, identical for every service that calls Zoho (as in production). */
export const SHARED_BUDGET_ENV: Record<string, string> = {
  ZOHO_MESSAGES_PER_MINUTE: String(SHARED_BUDGET.messagesPerMinute),
  ZOHO_CHANNELS_PER_MINUTE: String(SHARED_BUDGET.channelsPerMinute),
  ZOHO_CHANNEL_PER_MINUTE: String(SHARED_BUDGET.channelsPerMinute),
  ZOHO_RATE_WINDOW_MS: "60000",
};

/** Worker settings scaled down for tests: short lease, fast retries and timeouts, a generous budget. */
export const FAST_WORKER_ENV: Record<string, string> = {
  WORKER_CONCURRENCY: "2",
  LEASE_TTL_MS: "3000",
  MAX_MESSAGES_PER_RUN: "5000",
  ...SHARED_BUDGET_ENV,
  ZOHO_THROTTLE_LOCK_MS: "1000",
  ZOHO_TIMEOUT_MS: "1500",
  INGEST_TIMEOUT_MS: "2000",
  RETRY_BASE_DELAY_MS: "500",
};
/** The simulator's budget: above the shared one, so only injected throttles happen; short locks. */
export const FAST_SIM_LIMITS: RateLimitPatch = { perMinute: { messages: 3_000, channels: 10_000, channel: 10_000 }, windowMs: 60_000, lockMs: 1_000 };

const EVENT_NAMES = new Map<string, EventName>(Object.entries(EVENT_SUBJECTS).map(([k, v]): [string, EventName] => [v, k as EventName]));

export class FaultStack {
  readonly prefix = uniqueId("flt");
  readonly events: SyncEvent[] = [];
  /** Every command reply (data or error) the tests received: part of the secrets scan. */
  readonly responses: string[] = [];
  readonly logs: OutputLog[] = [];
  readonly workers = new Map<string, WorkerProcess>();
  readonly encryptionKeys = newEncryptionKeys();
  readonly commands: CommandClient;
  /** Publishes like the gateway/scheduler; retries for 10 s so a request is not lost while NATS restarts. */
  readonly publisher: Publisher;
  authService: ServiceProcess | null = null;
  mappingService: ServiceProcess | null = null;
  authStub: AuthStub | null = null;
  clientId = "";

  private constructor(
    readonly opts: StackOptions,
    readonly sim: Simulator,
    readonly sink: IngestSink,
    readonly ingestToken: string,
    readonly db: TestDb,
    readonly nc: NatsConnection,
    logger: Logger,
  ) {
    this.publisher = createPublisher({ nc, prefix: this.prefix, source: "fault-test", logger, retryDelaysMs: Array.from({ length: 20 }, () => 500), ackTimeoutMs: 2_000 });
    const raw = createCommandClient({ nc, prefix: this.prefix, timeoutMs: 20_000 });
    this.commands = {
      request: async (name, payload, o) => {
        try {
          const reply = await raw.request(name, payload, o);
          this.responses.push(`${name}: ${JSON.stringify(reply)}`);
          return reply;
        } catch (err) {
          if (err instanceof AppError) this.responses.push(`${name}: ${JSON.stringify({ code: err.code, message: err.message, details: err.details })}`);
          throw err;
        }
      },
    };
  }

  static async start(opts: StackOptions): Promise<FaultStack> {
    const logger = createLogger({ service: "fault-test", level: "error" });
    const sim = await startSimulator({ data: opts.data, clientSecret: `sim-secret-${randomBytes(12).toString("hex")}`, ...(opts.simLimits === undefined ? {} : { limits: opts.simLimits }) });
    const db = await createTestDb(opts.databaseUrl ?? DATABASE_URL);
    const nc = await connectNats({ url: opts.natsUrl ?? NATS_URL, name: "fault-test", logger, reconnectTimeWaitMs: 250 });
    const ingestToken = `ingest-${randomBytes(16).toString("hex")}`;
    const sink = await startIngestSink({ token: ingestToken });
    const stack = new FaultStack(opts, sim, sink, ingestToken, db, nc, logger);
    await provisionStreams(nc, stack.prefix);
    nc.subscribe(subjectsFor(stack.prefix).syncAll, {
      callback: (_err, msg) => {
        const name = EVENT_NAMES.get(msg.subject.slice(stack.prefix.length + 1));
        if (name !== undefined) stack.events.push({ name, envelope: msg.json<Envelope<unknown>>() });
      },
    });
    await nc.flush();
    try {
      stack.clientId = (await db.db.client.create({ data: { name: `client ${stack.prefix}` } })).id;
      await stack.startServices(logger);
    } catch (err) {
      console.error(stack.tails());
      await stack.stop().catch(() => undefined);
      throw err;
    }
    return stack;
  }

  get shared(): SharedEnv {
    return {
      NATS_URL: this.opts.natsUrl ?? NATS_URL,
      DATABASE_URL: this.db.url,
      DB_SCHEMA: this.db.schema,
      REDIS_URL: this.opts.redisUrl ?? REDIS_URL,
      SUBJECT_PREFIX: this.prefix,
    };
  }

  private async startServices(logger: Logger): Promise<void> {
    if (this.opts.auth === "service") {
      this.authService = spawnAuth(this.shared, this.sim, this.encryptionKeys);
      this.logs.push(this.authService.log);
    } else {
      this.authStub = startAuthStub({ nc: this.nc, prefix: this.prefix, sim: this.sim, logger });
    }
    if (this.opts.channelMapping) {
      this.mappingService = spawnChannelMapping(this.shared);
      this.logs.push(this.mappingService.log);
    }
    for (const id of this.opts.workers) this.spawnWorker(id);
    if (this.authService !== null) {
      await waitServing(this.authService, () => this.commands.request("authStatus", { actor: ADMIN }, { timeoutMs: 1_000 }));
      await connectZoho(this.commands);
    }
    if (this.mappingService !== null) await waitServing(this.mappingService, () => this.commands.request("mappingList", { actor: ADMIN }, { timeoutMs: 1_000 }));
    await Promise.all([...this.workers.values()].map((w) => waitReady(w, 45_000)));
  }

  workerEnv(over: Record<string, string> = {}): Record<string, string> {
    return { ...this.shared, LOG_LEVEL: "info", INGEST_URL: this.sink.url, INGEST_TOKEN: this.ingestToken, ...FAST_WORKER_ENV, ...this.opts.workerEnv, ...over };
  }

  /** Starts a worker process (again, after a kill: same id, as a restarted pod keeps its name). */
  spawnWorker(id: string, over: Record<string, string> = {}): WorkerProcess {
    const w = spawnWorker(id, this.workerEnv(over));
    this.logs.push(captureOutput(`worker ${id} (pid ${w.child.pid})`, w.child));
    this.workers.set(id, w);
    return w;
  }

  async createMapping(channel: SimChannel, backfillDays = 30): Promise<Mapping> {
    const room = await this.db.db.room.create({ data: { clientId: this.clientId, name: `room ${channel.name}`, kind: "internal" } });
    if (this.mappingService !== null) {
      const m = await this.commands.request("mappingCreate", { actor: ADMIN, clientId: this.clientId, roomId: room.id, zohoChannelId: channel.channel_id, backfillDays });
      return { mappingId: m.id, roomId: room.id, channel };
    }
    const m = await this.db.db.zohoChannelMapping.create({
      data: {
        clientId: this.clientId,
        roomId: room.id,
        zohoChannelId: channel.channel_id,
        zohoChatId: channel.chat_id as string,
        zohoChannelName: channel.name,
        syncFrom: new Date(Date.now() - backfillDays * 86_400_000),
        createdBy: "fault-test",
      },
    });
    return { mappingId: m.id, roomId: room.id, channel };
  }

  async requestSync(mappingId: string, jobType: "manual" | "scheduled" | "retry" = "manual"): Promise<string> {
    const jobId = randomUUID();
    await this.publisher.publish("syncRequested", { jobId, mappingId, jobType, requestedAt: new Date().toISOString(), requestedBy: "fault-test" });
    return jobId;
  }

  /** Message ids the sink stored for a room, in arrival order. */
  sinkIds(roomId: string): string[] {
    return this.sink.records().filter((r) => r.body.room_id === roomId).flatMap((r) => r.body.message_ids ?? []);
  }

  /** Re-reads the SYNC stream: the source of truth when the live subscription may have missed events (NATS restarts). */
  async reloadEvents(): Promise<void> {
    const stored = await readStream(this.nc, subjectsFor(this.prefix).stream("sync"));
    const fresh: SyncEvent[] = [];
    for (const e of stored) {
      const name = EVENT_NAMES.get(e.subject.slice(this.prefix.length + 1));
      if (name !== undefined) fresh.push({ name, envelope: JSON.parse(e.data) as Envelope<unknown> });
    }
    this.events.splice(0, this.events.length, ...fresh);
  }

  /** The sync.completed, or final sync.failed, that ends a job, following continuations. */
  async waitForEnd(jobId: string, timeoutMs = 60_000): Promise<SyncEvent> {
    const started = Date.now();
    let current = jobId;
    let reloadedAt = Date.now();
    while (Date.now() - started < timeoutMs) {
      const end = this.events.find((e) => jobOf(e) === current && (e.name === "syncCompleted" || (e.name === "syncFailed" && (e.envelope.data as EventData<"syncFailed">).final)));
      if (end !== undefined) {
        if (end.name === "syncCompleted" && (end.envelope.data as EventData<"syncCompleted">).continued) {
          const next = this.events.find((e) => e.name === "syncRequested" && (e.envelope.data as EventData<"syncRequested">).continuationOf === current);
          if (next !== undefined) current = jobOf(next);
        } else return end;
      }
      if (Date.now() - reloadedAt > 3_000) {
        reloadedAt = Date.now();
        await this.reloadEvents().catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const summary = this.events.filter((e) => e.name !== "syncProgress").map((e) => [e.name, e.envelope.data]);
    throw new Error(`job ${jobId} did not end within ${timeoutMs} ms; events: ${JSON.stringify(summary).slice(0, 6_000)}`);
  }

  eventsFor(jobId: string): SyncEvent[] {
    return this.events.filter((e) => jobOf(e) === jobId);
  }

  /** The last lines of every process, for a failing test's message. */
  tails(lines = 15): string {
    return this.logs.map((l) => `--- ${l.name}\n${l.text().trimEnd().split("\n").slice(-lines).join("\n")}`).join("\n");
  }

  /** Runs a test body; when it fails, prints what every process said last and the sync events. */
  async explainFailure<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const summary = this.events.filter((e) => e.name !== "syncProgress").map((e) => `${e.name} ${JSON.stringify(e.envelope.data)}`);
      console.error(`${this.tails()}\n--- sync events (without progress)\n${summary.slice(-40).join("\n")}\n--- sink: ${this.sink.messageIds().length} ids, ${this.sink.attempts()} POSTs`);
      throw err;
    }
  }

  /** Every stored event of the test's streams (SYNC, AUTH, MAPPING), from the first. */
  async allStoredEvents(): Promise<StoredEvent[]> {
    const keys: StreamKey[] = ["sync", "auth", "mapping"];
    return (await Promise.all(keys.map((k) => readStream(this.nc, subjectsFor(this.prefix).stream(k))))).flat();
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.workers.values()].map(async (w) => {
        const timer = setTimeout(() => void w.kill("SIGKILL"), 10_000);
        await w.kill("SIGTERM");
        clearTimeout(timer);
      }),
    );
    await Promise.all([this.mappingService?.stop(), this.authService?.stop(), this.authStub?.stop()].map((p) => p?.catch(() => undefined)));
    await deleteStreams(this.nc, this.prefix).catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
    await this.sink.close();
    await this.sim.close();
    await this.db.drop().catch(() => undefined);
  }
}

function jobOf(e: SyncEvent): string {
  return (e.envelope.data as { jobId: string }).jobId;
}
