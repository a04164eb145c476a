// Gateway latency benchmark (not a test): `npx tsx bench/gateway.bench.ts`.
// Two read routes of the rooms screen through the real stack — gateway → NATS request/reply →
// channel-mapping → PostgreSQL (and, for the channel list, its in-memory cache of the Zoho
// simulator's 300 channels) — each measured twice with autocannon: sequentially on one
// connection (service time), then at a fixed rate (overallRate). GET /api/me (no NATS, no
// database) is the gateway's own floor. Gateway and channel-mapping run as child processes of their
// own main.ts (bench/lib/child-service.ts); the Zoho simulator and a stand-in for auth's
// cmd.auth.token.get live in this process. Only 127.0.0.1; about 2 minutes.
// BENCH_RATE (default 200 req/s), BENCH_SECONDS (20), BENCH_CONNECTIONS (10) override;
// BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of each child.
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { signDevToken } from "@cliq/gateway";
import { connectNats, createLogger, drainNats, provisionStreams, serveCommands } from "@cliq/runtime";
import { createTestDb, DATABASE_URL, deleteStreams, NATS_URL, REDIS_URL, uniqueId, type TestDb } from "@cliq/testkit";
import { DEMO_CLIENT, DEMO_ROOMS } from "../prisma/seed-data.ts";
import { seedDemo } from "../prisma/seed.ts";
import { benchOrg } from "./lib/bench-org.ts";
import { startSimulator } from "@cliq/zoho-simulator";
import { freePort, startService, type ChildService } from "./lib/child-service.ts";
import { fmtMs, markdownTable, percentile, preamble, print, progress } from "./lib/report.ts";
import { cpuSecondsOf, machineBusy, waitForQuietMachine } from "./lib/resource-sampler.ts";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP_SECONDS = 5;
const SEQUENTIAL_SECONDS = 5;
/** Mappings besides the demo client's three: the channel list marks ~50 of its 300 channels. */
const EXTRA_MAPPINGS = 47;

type Run = { latencies: number[]; result: autocannon.Result; cpu: { gateway: number; mapping: number }; machineBusy: number };

/** Seeds the demo client and rooms (prisma/seed.ts) and maps 50 internal rooms to simulator channels. */
async function seed(t: TestDb): Promise<{ mapped: number }> {
  await seedDemo(t.db);
  const channels = benchOrg().channels.filter((c) => c.chat_id !== null);
  const other = await t.db.client.create({ data: { name: "Bench Client" } });
  const otherRooms = Array.from({ length: EXTRA_MAPPINGS }, (_, i) => ({ id: crypto.randomUUID(), clientId: other.id, name: `bench room ${i}`, kind: "internal" as const }));
  await t.db.room.createMany({ data: otherRooms });
  const rooms = [...DEMO_ROOMS.filter((r) => r.kind === "internal").map((r) => ({ id: r.id, clientId: DEMO_CLIENT.id })), ...otherRooms];
  await t.db.zohoChannelMapping.createMany({
    data: rooms.map((r, i) => {
      const ch = channels[i];
      if (ch === undefined) throw new Error("the benchmark organisation has too few readable channels");
      return { clientId: r.clientId, roomId: r.id, zohoChannelId: ch.channel_id, zohoChatId: ch.chat_id as string, zohoChannelName: ch.name, createdBy: "bench" };
    }),
  });
  return { mapped: rooms.length };
}

type LoadShape = { connections: number; rate: number | null };
const FIXED_RATE: LoadShape = { connections: CONNECTIONS, rate: RATE };
/** One connection, each request sent when the previous answered: the per-request service time. */
const SEQUENTIAL: LoadShape = { connections: 1, rate: null };

async function load(url: string, token: string, seconds: number, pids: { gateway: number; mapping: number }, shape: LoadShape): Promise<Run> {
  const latencies: number[] = [];
  const cpu0 = { gateway: cpuSecondsOf(pids.gateway), mapping: cpuSecondsOf(pids.mapping) };
  const busy = machineBusy();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        headers: { authorization: `Bearer ${token}` },
        connections: shape.connections,
        duration: seconds,
        ...(shape.rate === null
          ? {}
          : {
              overallRate: shape.rate,
              // autocannon's correction assumes a 1 ms interval at these rates and would back-fill
              // phantom samples; we keep every real response time instead (collected below).
              ignoreCoordinatedOmission: true,
            }),
        timeout: 10,
      },
      (err, res) => (err ? reject(err as Error) : resolve(res)),
    );
    // The instance emits (client, status, bytes, ms); @types/autocannon omits the client argument.
    (instance as NodeJS.EventEmitter).on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const cpu = { gateway: cpuSecondsOf(pids.gateway) - cpu0.gateway, mapping: cpuSecondsOf(pids.mapping) - cpu0.mapping };
  return { latencies: latencies.sort((a, b) => a - b), result, cpu, machineBusy: busy() };
}

async function check(url: string, token: string, what: (body: Record<string, unknown>) => string | null): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Record<string, unknown>;
  const problem = res.status === 200 ? what(body) : `status ${res.status}: ${JSON.stringify(body).slice(0, 300)}`;
  if (problem !== null) throw new Error(`${url}: ${problem}`);
}

function row(label: string, { latencies, result, cpu, machineBusy }: Run): string[] {
  const pct = (cpuSeconds: number) => `${((100 * cpuSeconds) / result.duration).toFixed(0)} %`;
  return [
    label,
    String(latencies.length),
    (result.requests.total / result.duration).toFixed(1),
    fmtMs(percentile(latencies, 50)),
    fmtMs(percentile(latencies, 90)),
    fmtMs(percentile(latencies, 99)),
    fmtMs(latencies.at(-1) ?? Number.NaN),
    String(result.errors + result.timeouts),
    String(result.non2xx),
    (result.throughput.total / Math.max(1, result.requests.total) / 1024).toFixed(1),
    `${pct(cpu.gateway)} / ${pct(cpu.mapping)}`,
    `${(100 * machineBusy).toFixed(0)} %`,
  ];
}

/** Lets requests still queued from the previous run finish before the next one starts. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

const logger = createLogger({ service: "gateway-bench", level: "warn" });
const prefix = uniqueId("bgw");
const secret = randomBytes(32).toString("hex");
const t = await createTestDb();
const nc = await connectNats({ url: NATS_URL, name: "gateway-bench-driver", logger });
const children: ChildService[] = [];
const standIns: (() => Promise<unknown>)[] = [];
const rateRows: string[][] = [];
const serviceRows: string[][] = [];
try {
  const { mapped } = await seed(t);
  await provisionStreams(nc, prefix);
  const shared = { NATS_URL, DATABASE_URL, DB_SCHEMA: t.schema, REDIS_URL, SUBJECT_PREFIX: prefix, LOG_LEVEL: "warn" };
  // Zoho is the simulator (it never throttles here: the benchmark measures our stack, not Zoho's
  // limits); auth is a stand-in that hands out the simulator's token, so the auth service and a
  // consent flow are not needed.
  const sim = await startSimulator({ data: benchOrg(), limits: { perMinute: { channels: 1_000_000, channel: 1_000_000, messages: 1_000_000 } } });
  standIns.push(() => sim.close());
  const { accessToken } = sim.issueTokensForTest();
  const cliqServer = sim.dataCentres.us?.cliqServer as string;
  const auth = serveCommands({
    nc,
    prefix,
    logger,
    service: "auth",
    handlers: { authTokenGet: async () => ({ accessToken, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), version: 1, cliqServer, location: "us" }) },
  });
  standIns.push(() => auth.stop());
  progress("starting channel-mapping");
  const mappingHealth = await freePort();
  const mapping = await startService("channel-mapping", {
    ...shared,
    HEALTH_PORT: String(mappingHealth),
    // Long enough that the measured window always reads the cached list (the cached path is the subject).
    CHANNEL_CACHE_TTL_MS: "10m",
    ZOHO_CHANNELS_PER_MINUTE: "6000",
    ZOHO_CHANNEL_PER_MINUTE: "6000",
    ZOHO_MESSAGES_PER_MINUTE: "6000",
    ZOHO_CONNECTION: uniqueId("bench-budget"),
  }, `http://127.0.0.1:${mappingHealth}/readyz`);
  children.push(mapping);
  progress("starting the gateway");
  const base = `http://127.0.0.1:${await freePort()}`;
  const gateway = await startService("gateway", {
    ...shared,
    JWT_SECRET: secret,
    PORT: new URL(base).port,
    HOST: "127.0.0.1",
    // One benchmark user sends RATE req/s: the default 300/min would answer 429 within 2 s.
    RATE_LIMIT_PER_MINUTE: "1000000",
  }, `${base}/readyz`);
  children.push(gateway);
  const token = await signDevToken({ secret, sub: "bench@tcis.test", roles: ["backend"], ttl: "1h", rolesClaim: "roles" });

  const routes = [
    { label: "`GET /api/me` (floor: auth + rate limit, no NATS)", path: "/api/me", verify: (b: Record<string, unknown>) => (b.id === "bench@tcis.test" ? null : "not the caller") },
    {
      label: "`GET /api/clients/:id/rooms` (demo client, 4 rooms, 3 mapped)",
      path: `/api/clients/${DEMO_CLIENT.id}/rooms`,
      verify: (b: Record<string, unknown>) => {
        const rooms = b.rooms as { mapping: unknown }[];
        return rooms.length === DEMO_ROOMS.length && rooms.filter((r) => r.mapping !== null).length === 3 ? null : `unexpected rooms ${JSON.stringify(b).slice(0, 200)}`;
      },
    },
    {
      label: `\`GET /api/zoho-cliq/channels\` (cached, ${benchOrg().channels.length} channels, ${mapped} mapped)`,
      path: "/api/zoho-cliq/channels",
      verify: (b: Record<string, unknown>) => {
        const chs = b.channels as { mapping: unknown }[];
        if (chs.length !== benchOrg().channels.length) return `expected ${benchOrg().channels.length} channels, got ${chs.length}`;
        if (chs.filter((c) => c.mapping !== null).length !== mapped) return `expected ${mapped} mapped channels`;
        return null;
      },
    },
  ];
  const pids = { gateway: gateway.pid, mapping: mapping.pid };
  for (const route of routes) {
    const url = `${base}${route.path}`;
    await check(url, token, route.verify);
    const idle = await waitForQuietMachine(20_000);
    if (idle > 0.25) progress(`the machine is ${(100 * idle).toFixed(0)} % busy with other work; measuring anyway (see the machine busy column)`);
    progress(`${route.path}: warm-up ${WARMUP_SECONDS} s, ${SEQUENTIAL_SECONDS} s sequential, ${SECONDS} s at ${RATE} req/s`);
    await load(url, token, WARMUP_SECONDS, pids, FIXED_RATE);
    await settle();
    if (route.path.endsWith("/channels")) await check(url, token, (b) => (b.cached === true ? null : "the channel list was not served from the cache after the warm-up"));
    serviceRows.push(row(route.label, await load(url, token, SEQUENTIAL_SECONDS, pids, SEQUENTIAL)));
    await settle();
    rateRows.push(row(route.label, await load(url, token, SECONDS, pids, FIXED_RATE)));
    await settle();
  }
} finally {
  for (const c of children.reverse()) await c.stop();
  for (const stop of standIns.reverse()) await stop();
  await deleteStreams(nc, prefix);
  await drainNats(nc);
  await t.drop();
}

const header = ["route", "2xx", "achieved req/s", "p50", "p90", "p99", "max", "errors (conn+timeout)", "non-2xx", "KiB/response", "CPU gateway / channel-mapping", "machine busy"];
print(preamble("Gateway latency", "npx tsx bench/gateway.bench.ts"));
print(
  "Gateway and channel-mapping run as separate child processes over real NATS, PostgreSQL and Redis. Latencies (ms) are every 2xx response time as autocannon saw it " +
    `(keep-alive, no coordinated-omission back-fill). CPU: each process's user+system time over the window, as % of one core; ` +
    "machine busy: all cores (NATS, PostgreSQL, Redis, autocannon and anything else running), as % of the machine; each route waits up to 20 s for a quiet machine first.\n",
);
print(`### At a fixed rate: ${RATE} req/s, ${CONNECTIONS} connections, ${SECONDS} s per route after a ${WARMUP_SECONDS} s warm-up\n`);
print(
  "autocannon paces by sending each connection's per-second quota back to back, so every second starts with a burst of " +
    `${CONNECTIONS} concurrent requests: these latencies include queueing behind that burst.\n`,
);
print(markdownTable(header, rateRows));
print(`\n### Service time: 1 connection, sequential requests, ${SEQUENTIAL_SECONDS} s per route\n`);
print(markdownTable(header, serviceRows));
process.exit(0);
