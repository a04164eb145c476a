// Integration-test rig: a fresh PostgreSQL schema, a NATS subject prefix with its streams, the Zoho
// simulator, and as many auth service instances as a test wants, each with its own NATS
// connection and Prisma client (as separate replicas would have).
import { randomBytes } from "node:crypto";
import { AppError, EVENT_SUBJECTS, type Actor, type EventName } from "@cliq/contracts";
import { createDb } from "@cliq/db";
import { connectNats, createCommandClient, createLogger, drainNats, provisionStreams, type CommandClient, type Logger, type NatsConnection } from "@cliq/runtime";
import { createTestDb, NATS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import { createZohoClient, resolveDataCentres } from "@cliq/zoho-client";
import { startSimulator, type Simulator } from "@cliq/zoho-simulator";
import { loadAuthConfig } from "../config.ts";
import { buildAuthService, type AuthService } from "../service.ts";

export const REDIRECT_URI = "http://127.0.0.1:8080/auth/zoho/callback";
export const admin: Actor = { userId: "admin-1", roles: ["super_admin"] };
export const otherAdmin: Actor = { userId: "admin-2", roles: ["super_admin"] };
export const backendUser: Actor = { userId: "backend-1", roles: ["backend"] };

export const newKey = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

export type CollectedEvent = { name: EventName; subject: string; data: Record<string, unknown>; raw: string };

export type Instance = { service: AuthService; nc: NatsConnection; close(): Promise<void> };

export type Harness = {
  sim: Simulator;
  testDb: TestDb;
  prefix: string;
  commands: CommandClient;
  events: CollectedEvent[];
  logger: Logger;
  /** Environment a service instance (in-process or a child process) is configured from. */
  env(overrides?: Record<string, string>): Record<string, string>;
  startInstance(opts?: { env?: Record<string, string>; serve?: boolean }): Promise<Instance>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  keys?: string;
  simLocations?: string[];
  /** Where service logs go (default: nowhere); a test that checks logs passes a capturing logger. */
  logger?: Logger;
};

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, locations: opts.simLocations ?? ["us", "eu", "in"] });
  const testDb = await createTestDb();
  const prefix = uniqueId("auth");
  const logger = opts.logger ?? createLogger({ service: "auth-test", level: "silent" });
  const nc = await connectNats({ url: NATS_URL, name: "auth-test", logger });
  await provisionStreams(nc, prefix);
  const keys = opts.keys ?? newKey("k1");
  const events: CollectedEvent[] = [];
  const byType = new Map<string, EventName>(Object.entries(EVENT_SUBJECTS).map(([name, subject]) => [subject, name as EventName]));
  for (const wildcard of ["token.>", "auth.>"]) {
    nc.subscribe(`${prefix}.${wildcard}`, {
      callback: (_err, msg) => {
        const raw = msg.string();
        const envelope = JSON.parse(raw) as { type: string; data: Record<string, unknown> };
        events.push({ name: byType.get(envelope.type)!, subject: msg.subject, data: envelope.data, raw });
      },
    });
  }
  const instances = new Set<Instance>();
  const overridesJson = JSON.stringify(
    Object.fromEntries(Object.values(sim.dataCentres).map((d) => [d.location, { accountsServer: d.accountsServer, cliqServer: d.cliqServer }])),
  );

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    DATABASE_URL: testDb.url,
    DB_SCHEMA: testDb.schema,
    NATS_URL,
    SUBJECT_PREFIX: prefix,
    LOG_LEVEL: "silent",
    ZOHO_CLIENT_ID: sim.clientId,
    ZOHO_CLIENT_SECRET: sim.clientSecret,
    ZOHO_REDIRECT_URI: REDIRECT_URI,
    ZOHO_DATA_CENTRES: overridesJson,
    TOKEN_ENCRYPTION_KEYS: keys,
    TOKEN_REFRESH_CHECK_INTERVAL_MS: "100",
    ...overrides,
  });

  return {
    sim,
    testDb,
    prefix,
    commands: createCommandClient({ nc, prefix, timeoutMs: 20_000 }),
    events,
    logger,
    env,
    async startInstance(o = {}) {
      const config = loadAuthConfig(env(o.env));
      const inc = await connectNats({ url: NATS_URL, name: "auth-test-instance", logger });
      const db = createDb({ connectionString: testDb.url, schema: testDb.schema });
      const zoho = createZohoClient({ timeoutMs: 2_000 });
      const service = buildAuthService({
        db,
        nc: inc,
        prefix,
        logger,
        config,
        zoho,
        now: sim.clock.now,
        dataCentres: resolveDataCentres(config.ZOHO_DATA_CENTRES),
      });
      if (o.serve !== false) await service.start();
      const instance: Instance = {
        service,
        nc: inc,
        async close() {
          instances.delete(instance);
          await service.stop();
          await drainNats(inc);
          await zoho.close();
          await db.$disconnect();
        },
      };
      instances.add(instance);
      return instance;
    },
    async close() {
      for (const i of [...instances]) await i.close();
      await drainNats(nc);
      await sim.close();
      await testDb.drop();
    },
  };
}

/** Opens the consent URL like a browser and returns the redirect's query (code, state, location, accounts-server). */
export async function followConsent(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, { redirect: "manual" });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location")!).searchParams;
}

/** authorize-url → consent → complete with what the redirect carried (the gateway callback's path). */
export async function connectViaRedirect(h: Harness, location?: string, actor: Actor = admin) {
  const { url } = await h.commands.request("authAuthorizeUrl", { actor, ...(location === undefined ? {} : { location }) });
  const q = await followConsent(url);
  return h.commands.request("authComplete", {
    code: q.get("code")!,
    state: q.get("state")!,
    location: q.get("location")!,
    accountsServer: q.get("accounts-server")!,
  });
}

/** authorize-url → consent → the admin pastes only the code (the seed's workflow). */
export async function connectViaPaste(h: Harness, location?: string, actor: Actor = admin) {
  const { url, state } = await h.commands.request("authAuthorizeUrl", { actor, ...(location === undefined ? {} : { location }) });
  const q = await followConsent(url);
  return h.commands.request("authComplete", { actor, code: q.get("code")!, state });
}

/** The AppError a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
