// Composition root. Modes:
//   run-once  one full sweep, the JSON report on stdout, exit (what the Kubernetes CronJob runs)
//   daemon    the in-process schedule (docker-compose / local), health endpoints, runs until SIGTERM
import { createDb } from "@cliq/db";
import { createMetrics, metricsRoute } from "@cliq/metrics";
import {
  StopStack,
  connectNats,
  createCommandClient,
  createLogger,
  createPublisher,
  dbCheck,
  drainNats,
  loadConfigOrExit,
  natsCheck,
  provisionStreams,
  runService,
  startHealthServer,
  type NatsConnection,
} from "@cliq/runtime";
import { schedulerEnvSchema, type SchedulerEnv } from "./config.ts";
import { startDaemon } from "./daemon.ts";
import { createSchedule } from "./domain/slot.ts";
import { runSweep, type SweepDeps } from "./sweep.ts";

const SERVICE = "scheduler";
const MODES = ["run-once", "daemon"] as const;
type Mode = (typeof MODES)[number];

const modeArg = process.argv[2] ?? "daemon";
if (!(MODES as readonly string[]).includes(modeArg)) {
  process.stderr.write(`${SERVICE}: unknown mode "${modeArg}"; usage: tsx services/scheduler/src/main.ts [run-once|daemon]\n`);
  process.exit(64);
}
const mode = modeArg as Mode;
const env = loadConfigOrExit(schedulerEnvSchema, SERVICE);
// run-once keeps stdout for the JSON report, so its logs go to stderr.
const logger = createLogger({ service: SERVICE, level: env.LOG_LEVEL, ...(mode === "run-once" ? { destination: process.stderr } : {}) });

async function buildDeps(cfg: SchedulerEnv, stack: StopStack): Promise<{ deps: SweepDeps; nc: NatsConnection }> {
  const nc = await connectNats({ url: cfg.NATS_URL, name: SERVICE, logger });
  stack.push(() => drainNats(nc));
  await provisionStreams(nc, cfg.SUBJECT_PREFIX);
  const db = createDb({ connectionString: cfg.DATABASE_URL, ...(cfg.DB_SCHEMA === undefined ? {} : { schema: cfg.DB_SCHEMA }), maxConnections: 2 });
  stack.push(() => db.$disconnect());
  const deps: SweepDeps = {
    db,
    publisher: createPublisher({ nc, prefix: cfg.SUBJECT_PREFIX, source: SERVICE, logger }),
    commands: createCommandClient({ nc, prefix: cfg.SUBJECT_PREFIX }),
    logger,
    now: () => new Date(),
    config: {
      schedule: createSchedule(cfg.SCHEDULE_CRON, cfg.SCHEDULE_TIMEZONE),
      pageSize: cfg.SCHEDULER_PAGE_SIZE,
      plannerEnabled: cfg.SCHEDULER_PLANNER,
      plannerTimeoutMs: cfg.SCHEDULER_PLANNER_TIMEOUT,
      publishConcurrency: cfg.SCHEDULER_PUBLISH_CONCURRENCY,
    },
  };
  return { deps, nc };
}

async function runOnce(): Promise<number> {
  const stack = new StopStack();
  let code = 1;
  try {
    const { deps } = await buildDeps(env, stack);
    const report = await runSweep(deps);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    // Failed publishes exit 1 so the CronJob retries; the retry lands in the same slot, same job ids.
    code = report.failed > 0 ? 1 : 0;
  } catch (err) {
    logger.fatal({ err }, "sweep failed");
  }
  await stack.stop().catch((err: unknown) => logger.warn({ err }, "shutdown step failed"));
  return code;
}

if (mode === "run-once") {
  process.exit(await runOnce());
} else {
  await runService({
    name: SERVICE,
    logger,
    start: async () => {
      const stack = new StopStack();
      try {
        const { deps, nc } = await buildDeps(env, stack);
        const health = await startHealthServer({
          port: env.HEALTH_PORT,
          host: env.HEALTH_HOST,
          logger,
          checks: { nats: natsCheck(nc), db: dbCheck(deps.db) },
          extraRoutes: metricsRoute(createMetrics({ service: SERVICE })),
        });
        stack.push(() => health.close());
        const daemon = startDaemon({ schedule: deps.config.schedule, sweep: (o) => runSweep(deps, o), logger, runOnStart: env.SCHEDULER_RUN_ON_START });
        stack.push(daemon);
        return stack;
      } catch (err) {
        await stack.stop().catch(() => undefined);
        throw err;
      }
    },
  });
}
