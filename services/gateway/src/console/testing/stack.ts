// The whole product for the console's browser test, isolated like every integration test: its
// own PostgreSQL schema (seeded with the demo client), its own NATS subject prefix, the Zoho Cliq
// simulator and the ingest sink in this process, and auth, channel-mapping, sync-worker and the
// gateway as real child processes (their own main.ts), the gateway on a free port.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { connectNats, createLogger, drainNats, provisionStreams } from "@cliq/runtime";
import { startIngestSink, type IngestSink } from "@cliq/ingest-sink";
import { createTestDb, NATS_URL, REDIS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import { generateOrg, startSimulator, type Simulator } from "@cliq/zoho-simulator";
import { seedDemo } from "../../../../../prisma/seed.ts";
import { signDevToken } from "../../auth/dev-token.ts";
import type { Role } from "../../plugins/auth.ts";
import { REPO_ROOT, spawnService, waitFor, type ServiceProcess } from "./child-process.ts";

export const DEMO_CLIENT_ID = "00000000-0000-4000-8000-000000000001";
/** Generous budgets: the test checks the flow, not Zoho's 15 requests a minute. */
const FAST = "6000";

export type ConsoleStack = {
  /** The gateway's base URL, e.g. http://127.0.0.1:41234 (the console is at `/`). */
  url: string;
  /** A super-admin bearer token for the console's sign-in. */
  token: string;
  /** A bearer token with other roles, e.g. ["backend"]. */
  tokenFor(roles: Role[]): Promise<string>;
  sim: Simulator;
  sink: IngestSink;
  testDb: TestDb;
  prefix: string;
  services: ServiceProcess[];
  /** Every service's last log lines, for a failing test's message. */
  logs(): string;
  /** Stops the gateway (SIGTERM) and resolves once it has exited; `startGateway` brings it back on the same port. */
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const prefix = uniqueId("con");
  const testDb = await createTestDb();
  await seedDemo(testDb.db);
  const logger = createLogger({ service: "console-test", level: "silent" });
  const nc = await connectNats({ url: NATS_URL, name: "console-test", logger });
  await provisionStreams(nc, prefix);
  await drainNats(nc);

  // Recent messages, so the picker's "Last 7 days" imports them; a sync takes a few pages.
  const data = generateOrg({ seed: 11, channels: 4, messagesPerChannel: 150, startTime: Date.now() - 2 * 86_400_000 });
  const sim = await startSimulator({ data, limits: { perMinute: { messages: 6000, channels: 6000, channel: 6000 } } });
  const ingestToken = randomBytes(16).toString("hex");
  const sink = await startIngestSink({ token: ingestToken });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const jwtSecret = randomBytes(32).toString("hex");

  const shared: Record<string, string> = {
    NATS_URL,
    REDIS_URL,
    DATABASE_URL: testDb.url,
    DB_SCHEMA: testDb.schema,
    SUBJECT_PREFIX: prefix,
    LOG_LEVEL: "info",
  };
  const zoho: Record<string, string> = {
    ZOHO_CLIENT_ID: sim.clientId,
    ZOHO_CLIENT_SECRET: sim.clientSecret,
    ZOHO_REDIRECT_URI: `${url}/auth/zoho/callback`,
    ZOHO_DATA_CENTRES: JSON.stringify(Object.fromEntries(Object.values(sim.dataCentres).map((d) => [d.location, { accountsServer: d.accountsServer, cliqServer: d.cliqServer }]))),
  };
  // The same shared-budget variables for every service that calls Zoho, as in production.
  const budget = { ZOHO_MESSAGES_PER_MINUTE: FAST, ZOHO_CHANNELS_PER_MINUTE: FAST, ZOHO_CHANNEL_PER_MINUTE: FAST };
  const main = (service: string) => `${REPO_ROOT}services/${service}/src/main.ts`;
  const services = [
    spawnService("auth", main("auth"), { ...shared, ...zoho, TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}` }),
    spawnService("channel-mapping", main("channel-mapping"), { ...shared, ...budget, CHANNEL_CACHE_TTL_MS: "0" }),
    spawnService("sync-worker", main("sync-worker"), {
      ...shared,
      WORKER_ID: "console-w1",
      INGEST_URL: sink.url,
      INGEST_TOKEN: ingestToken,
      INGEST_ATTEMPTS: "1",
      ...budget,
      RETRY_BASE_DELAY_MS: "500",
    }),
  ];
  const gatewayEnv = { ...shared, PORT: String(port), HOST: "127.0.0.1", JWT_SECRET: jwtSecret, RATE_LIMIT_PER_MINUTE: "100000" };
  services.push(spawnService("gateway", main("gateway"), gatewayEnv));
  const logs = () => services.map((s) => `--- ${s.name} (last lines)\n${s.logs().slice(-20).map((l) => l.slice(0, 400)).join("\n")}`).join("\n");
  const tokenFor = (roles: Role[]) => signDevToken({ secret: jwtSecret, sub: `${prefix}-${roles.join("-")}@console.test`, roles, ttl: "1h", rolesClaim: "roles" });
  const token = await signDevToken({ secret: jwtSecret, sub: `${prefix}@console.test`, roles: ["super_admin"], ttl: "1h", rolesClaim: "roles" });

  const stack: ConsoleStack = {
    url,
    token,
    tokenFor,
    sim,
    sink,
    testDb,
    prefix,
    services,
    logs,
    async stopGateway() {
      const i = services.findIndex((x) => x.name === "gateway");
      await services[i]!.stop();
    },
    async startGateway() {
      const i = services.findIndex((x) => x.name === "gateway");
      const gateway = spawnService("gateway", main("gateway"), gatewayEnv);
      services[i] = gateway;
      await waitFor("the gateway answering /readyz again", async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 30_000, logs: gateway.logs, alive: () => gateway.child.exitCode === null });
    },
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
      await sink.close();
      await sim.close();
      await testDb.drop();
    },
  };

  try {
    const alive = () => services.every((s) => s.child.exitCode === null);
    const api = (path: string) => fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    const opts = { timeoutMs: 45_000, logs: () => [logs()], alive };
    await waitFor("the gateway answering /readyz", async () => (await fetch(`${url}/readyz`)).ok, opts);
    await waitFor("auth answering through the gateway", async () => (await api("/integrations/zoho-cliq/status")).ok, opts);
    await waitFor("channel-mapping answering through the gateway", async () => (await api(`/clients/${DEMO_CLIENT_ID}/rooms`)).ok, opts);
    const worker = services.find((s) => s.name === "sync-worker")!;
    await waitFor("the sync worker being ready", async () => worker.logs().some((l) => l.includes("sync worker ready")), opts);
  } catch (err) {
    await stack.stop().catch(() => undefined);
    throw err;
  }
  return stack;
}
