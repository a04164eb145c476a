// Integration-test harness: a fresh database schema, a subject prefix of our own, the Zoho
// simulator, a tiny stand-in for the auth service's cmd.auth.token.get (auth is another service;
// these tests must not depend on it), and as many channel-mapping instances as a test wants —
// each with its own NATS connection, Prisma pool, Zoho client and limiter, like a replica.
import { AppError, CONSUMERS, subjectsFor, type Actor } from "@cliq/contracts";
import { createDb, type Db } from "@cliq/db";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectNats, createCommandClient, createLogger, drainNats, loadConfig, serveCommands, type CommandClient, type Logger, type NatsConnection } from "@cliq/runtime";
import { createTestDb, deleteStreams, NATS_URL, REDIS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import { createZohoClient } from "@cliq/zoho-client";
import { createZohoLimiter, sharedBudgetOptions } from "@cliq/zoho-limiter";
import { generateOrg, startSimulator, type RateLimitConfig, type Simulator } from "@cliq/zoho-simulator";
import { configSchema } from "../config.ts";
import { buildMappingService } from "../service.ts";

export const ADMIN: Actor = { userId: "admin@tcis.test", roles: ["super_admin"] };

export type HarnessOptions = {
  channels?: number;
  /** Messages in each generated channel (default 0). */
  messagesPerChannel?: number;
  pageSize?: number;
  cacheTtlMs?: number;
  defaultBackfillDays?: number;
  simLimits?: Partial<RateLimitConfig>;
};

export type Instance = { db: Db; nc: NatsConnection; stop(): Promise<void> };

export type Harness = {
  t: TestDb;
  prefix: string;
  sim: Simulator;
  logger: Logger;
  /** A command client on a connection of its own (the gateway's view). */
  commands: CommandClient;
  nc: NatsConnection;
  auth: { fail(err: AppError | null): void; calls(): number; invalidations(): number[] };
  env: Record<string, string>;
  startInstance(): Promise<Instance>;
  newCommandClient(): Promise<CommandClient>;
  seedClient(name: string, rooms: { name: string; kind?: "internal" | "external" }[]): Promise<{ id: string; name: string; rooms: { id: string; name: string }[] }>;
  close(): Promise<void>;
};

// Generous limits so the simulator never throttles unless a test asks it to.
const RELAXED: Partial<RateLimitConfig> = { perMinute: { channels: 100_000, channel: 100_000, messages: 100_000 } };

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const t = await createTestDb();
  const prefix = uniqueId("cm");
  const sim = await startSimulator({
    data: generateOrg({ seed: 7, channels: opts.channels ?? 12, messagesPerChannel: opts.messagesPerChannel ?? 0 }),
    limits: { ...RELAXED, ...opts.simLimits },
  });
  const logger = createLogger({ service: "channel-mapping-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const connections: NatsConnection[] = [];
  const connect = async (name: string) => {
    const nc = await connectNats({ url: NATS_URL, name, logger });
    connections.push(nc);
    return nc;
  };
  const nc = await connect("cm-test-client");

  // The auth stand-in: a real token from the simulator; `invalidVersion` gets a new one.
  let authFailure: AppError | null = null;
  let authCalls = 0;
  const invalidations: number[] = [];
  let version = 1;
  let token = sim.issueTokensForTest().accessToken;
  const authNc = await connect("cm-test-auth");
  const authServer = serveCommands({
    nc: authNc,
    prefix,
    logger,
    handlers: {
      authTokenGet: async (req) => {
        authCalls++;
        if (authFailure) throw authFailure;
        if (req.invalidVersion !== undefined) {
          invalidations.push(req.invalidVersion);
          if (req.invalidVersion === version) {
            version++;
            token = sim.issueTokensForTest().accessToken;
          }
        }
        return { accessToken: token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), version, cliqServer: sim.dataCentres.us!.cliqServer, location: "us" };
      },
    },
  });

  // One shared budget (in Redis) for every replica of this test, as in production.
  // In-process replicas and spawned main.ts processes read it from the same variables, so the
  // settings they write to Redis agree (as every production service's do).
  const budgetEnv = { SUBJECT_PREFIX: prefix, ZOHO_CONNECTION: uniqueId("cm-budget"), ZOHO_CHANNELS_PER_MINUTE: "6000", ZOHO_CHANNEL_PER_MINUTE: "6000", ZOHO_MESSAGES_PER_MINUTE: "6000" };
  const sharedBudget = sharedBudgetOptions(loadConfig(configSchema, budgetEnv));
  const config = {
    ZOHO_MAX_WAIT_MS: 10_000,
    CHANNEL_CACHE_TTL_MS: opts.cacheTtlMs ?? 60_000,
    DEFAULT_BACKFILL_DAYS: opts.defaultBackfillDays ?? 0,
    CHANNEL_PAGE_SIZE: opts.pageSize ?? 100,
    DB_SCHEMA: t.schema,
  };
  const instances: Instance[] = [];

  async function startInstance(): Promise<Instance> {
    const inc = await connect("cm-test-instance");
    const db = createDb({ connectionString: t.url, schema: t.schema });
    const zoho = createZohoClient({ timeoutMs: 5_000 });
    const limiter = createZohoLimiter({ redisUrl: REDIS_URL, ...sharedBudget, logger, maxThrottleRetries: 0 });
    await limiter.ready();
    const service = buildMappingService({ db, nc: inc, prefix, logger, config, zoho, limiter, commands: createCommandClient({ nc: inc, prefix }) });
    await service.start();
    let stopped: Promise<void> | undefined;
    const instance: Instance = {
      db,
      nc: inc,
      stop() {
        stopped ??= (async () => {
          await service.stop();
          await limiter.stop();
          await zoho.close();
          await db.$disconnect();
        })();
        return stopped;
      },
    };
    instances.push(instance);
    return instance;
  }

  return {
    t,
    prefix,
    sim,
    logger,
    nc,
    commands: createCommandClient({ nc, prefix }),
    auth: { fail: (err) => void (authFailure = err), calls: () => authCalls, invalidations: () => [...invalidations] },
    env: {
      NATS_URL,
      DATABASE_URL: t.url,
      DB_SCHEMA: t.schema,
      ...budgetEnv,
      CHANNEL_CACHE_TTL_MS: String(config.CHANNEL_CACHE_TTL_MS),
      CHANNEL_PAGE_SIZE: String(config.CHANNEL_PAGE_SIZE),
      REDIS_URL,
      LOG_LEVEL: "info",
      HEALTH_PORT: "0",
    },
    startInstance,
    async newCommandClient() {
      return createCommandClient({ nc: await connect("cm-test-extra-client"), prefix });
    },
    async seedClient(name, rooms) {
      const client = await t.db.client.create({ data: { name } });
      const created = [];
      for (const r of rooms) created.push(await t.db.room.create({ data: { clientId: client.id, name: r.name, kind: r.kind ?? "internal" } }));
      return { id: client.id, name: client.name, rooms: created.map((r) => ({ id: r.id, name: r.name })) };
    },
    async close() {
      for (const i of instances.splice(0)) await i.stop();
      await authServer.stop();
      await deleteStreams(nc, prefix);
      for (const c of connections.splice(0)) await drainNats(c);
      await sim.close();
      await t.drop();
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
export async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the command to fail, but it succeeded");
}

/** Every envelope stored in one of the prefix's streams, oldest first. */
export async function storedEvents(h: Pick<Harness, "nc" | "prefix">, stream: "sync" | "mapping"): Promise<{ subject: string; envelope: { id: string; type: string; occurredAt: string; data: Record<string, unknown> } }[]> {
  const jsm = await jetstreamManager(h.nc);
  const name = subjectsFor(h.prefix).stream(stream);
  const { state } = await jsm.streams.info(name);
  const out = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(name, { seq }).catch(() => null);
    if (m) out.push({ subject: m.subject, envelope: m.json() as { id: string; type: string; occurredAt: string; data: Record<string, unknown> } });
  }
  return out;
}

/** Resolves once the projection consumer has acknowledged the SYNC stream up to `seq` (the last publish). */
export function projectionCaughtUp(h: Pick<Harness, "nc" | "prefix">, seq: number): Promise<true> {
  return eventually(async () => {
    const jsm = await jetstreamManager(h.nc);
    const names = subjectsFor(h.prefix);
    const info = await jsm.consumers.info(names.stream("sync"), names.consumer(CONSUMERS.mappingProjection.durable)).catch(() => null);
    return info !== null && info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 ? true : undefined;
  }, "the projection to catch up");
}
