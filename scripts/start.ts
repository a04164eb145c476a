// `npm start`: the whole product on one machine. Migrates and seeds the database, starts the
// Zoho Cliq simulator and the local ingest sink (unless real Zoho / ingest settings are given),
// every service as its own process, and the gateway with the admin console.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureDatabase } from "@cliq/db/ensure-database";
import { loadDevSecrets } from "./start/dev-secrets.ts";
import { startAll, type ProcessSpec } from "./start/supervisor.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const PORT = Number(env.PORT ?? 8080);
const SIM_PORT = Number(env.SIM_PORT ?? 4600);
const SINK_PORT = Number(env.SINK_PORT ?? 4700);
const DATABASE_URL = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cliq_sync";
const useSimulator = !env.ZOHO_CLIENT_ID;
const useSink = !env.INGEST_URL;

const say = (line: string) => process.stdout.write(`${line}\n`);

function run(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): void {
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, DATABASE_URL, ...extraEnv } });
}

async function main(): Promise<void> {
  const secrets = await loadDevSecrets(`${root}.cliq-dev`);
  say("• preparing the database (generate, migrate, seed)");
  await ensureDatabase(DATABASE_URL);
  run("npx", ["prisma", "generate"]);
  run("npx", ["prisma", "migrate", "deploy"]);
  run("node_modules/.bin/tsx", ["prisma/seed.ts"]);

  const simUrl = `http://127.0.0.1:${SIM_PORT}`;
  const dataCentres = Object.fromEntries(
    ["us", "eu", "in"].map((loc) => [loc, { accountsServer: `${simUrl}/${loc}/accounts`, cliqServer: `${simUrl}/${loc}/cliq` }]),
  );
  const shared: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL,
    NATS_URL: env.NATS_URL ?? "nats://127.0.0.1:4222",
    REDIS_URL: env.REDIS_URL ?? "redis://127.0.0.1:6379",
    SUBJECT_PREFIX: env.SUBJECT_PREFIX ?? "",
    LOG_LEVEL: env.LOG_LEVEL ?? "info",
    TOKEN_ENCRYPTION_KEYS: env.TOKEN_ENCRYPTION_KEYS ?? secrets.tokenKeys,
    JWT_SECRET: env.JWT_SECRET ?? secrets.jwtSecret,
    SERVICE_TOKEN: env.SERVICE_TOKEN ?? secrets.serviceToken,
    ZOHO_CLIENT_ID: env.ZOHO_CLIENT_ID ?? "1000.SIMCLIENT",
    ZOHO_CLIENT_SECRET: env.ZOHO_CLIENT_SECRET ?? "sim-secret",
    ZOHO_REDIRECT_URI: env.ZOHO_REDIRECT_URI ?? `http://localhost:${PORT}/auth/zoho/callback`,
    ...(useSimulator ? { ZOHO_DATA_CENTRES: JSON.stringify(dataCentres) } : {}),
    INGEST_URL: env.INGEST_URL ?? `http://127.0.0.1:${SINK_PORT}/ingest`,
    INGEST_TOKEN: env.INGEST_TOKEN ?? secrets.ingestToken,
  };
  // The V8 heap caps the worker runs with in docker-compose and k8s (services/sync-worker/README.md).
  const workerNodeOptions = env.NODE_OPTIONS ?? "--max-old-space-size=160 --max-semi-space-size=4";
  const svc = (name: string, file: string, color: number, extra: NodeJS.ProcessEnv = {}, args: string[] = []): ProcessSpec => ({
    name,
    args: [file, ...args],
    env: { ...shared, ...extra },
    color,
  });
  const specs: ProcessSpec[] = [
    ...(useSimulator ? [svc("zoho-simulator", "packages/zoho-simulator/src/main.ts", 35, { SIM_PORT: String(SIM_PORT), SIM_SEED: "7", SIM_CHANNELS: "12", SIM_MESSAGES: "400" })] : []),
    ...(useSink ? [svc("ingest-sink", "packages/ingest-sink/src/main.ts", 36, { SINK_PORT: String(SINK_PORT), SINK_TOKEN: shared.INGEST_TOKEN })] : []),
    svc("auth", "services/auth/src/main.ts", 32),
    // The simulator's messages are dated from 2025-01-06: import all of a newly mapped channel's history.
    svc("channel-mapping", "services/channel-mapping/src/main.ts", 33, useSimulator ? { DEFAULT_BACKFILL_DAYS: env.DEFAULT_BACKFILL_DAYS ?? "3650" } : {}),
    svc("sync-worker-1", "services/sync-worker/src/main.ts", 34, { WORKER_ID: "worker-1", NODE_OPTIONS: workerNodeOptions }),
    svc("sync-worker-2", "services/sync-worker/src/main.ts", 34, { WORKER_ID: "worker-2", NODE_OPTIONS: workerNodeOptions }),
    svc("scheduler", "services/scheduler/src/main.ts", 90, {}, ["daemon"]),
    svc("gateway", "services/gateway/src/main.ts", 31, { PORT: String(PORT) }),
  ];
  const sup = startAll(specs, say);
  // From here on every exit path stops the services, so none is left running behind us.
  let stopping = false;
  const stop = async (code: number, graceMs = 0) => {
    if (stopping) return;
    stopping = true;
    say("• stopping…");
    await sup.stopAll(graceMs);
    process.exit(code);
  };
  // Ctrl-C reaches every service too (same process group): wait for them rather than signal twice.
  process.on("SIGINT", () => void stop(0, 15_000));
  process.on("SIGTERM", () => void stop(0));

  let token: string;
  try {
    token = execFileSync("node_modules/.bin/tsx", ["services/gateway/src/cli/dev-token.ts", "--role", "super_admin", "--sub", "admin@example.com", "--ttl", "12h"], {
      cwd: root,
      env: shared,
      encoding: "utf8",
    }).trim();
  } catch (err) {
    console.error(`npm start: could not make the dev login token: ${err instanceof Error ? err.message : String(err)}`);
    return stop(1);
  }
  say("");
  say(`• console:   http://localhost:${PORT}/`);
  say(`• API docs:  http://localhost:${PORT}/docs`);
  if (useSimulator) say(`• Zoho Cliq simulator: ${simUrl}/  (no Zoho credentials configured)`);
  if (useSink) say(`• delivered transcripts: http://127.0.0.1:${SINK_PORT}/`);
  say(`• dev login (super admin bearer token, 12 h):\n  ${token}`);
  say("  Ctrl-C stops everything.\n");

  const exited = await sup.exited;
  say(`• ${exited.name} exited (code ${String(exited.code)}); stopping the rest`);
  await stop(1);
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
