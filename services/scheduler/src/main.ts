// Composition root. Modes:
//   run-once  one full sweep, the JSON report on stdout, exit (what the Kubernetes CronJob runs)
//   daemon    the in-process schedule (docker-compose / local), health endpoints, runs until SIGTERM
import { createMetrics, metricsRoute } from "@cliq/metrics";
import { StopStack, createLogger, dbCheck, loadConfigOrExit, natsCheck, runService, startHealthServer } from "@cliq/runtime";
import { schedulerEnvSchema } from "./config.ts";
import { startDaemon } from "./daemon.ts";
import { runSweep } from "./sweep.ts";
import { buildSweepDeps, SCHEDULER_SERVICE as SERVICE } from "./sweep-deps.ts";

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

async function runOnce(): Promise<number> {
  const stack = new StopStack();
  let code = 1;
  try {
    const { deps } = await buildSweepDeps(env, logger, stack);
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
        const { deps, nc } = await buildSweepDeps(env, logger, stack);
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
