// Scheduler fan-out benchmark (not a test): `npx tsx bench/scheduler.bench.ts [N ...]`
// (default 10000 100000, after a 1,000-mapping first sweep that absorbs the cold start). For each N: a fresh PostgreSQL schema with N active mappings (bulk
// SQL), then one full runSweep (services/scheduler/src/sweep.ts) with the planner disabled and a
// real JetStream publisher on a prefix of its own. Measures wall time, peak RSS and heap of this
// process (sampled every 50 ms) and event-loop delay, and checks the SYNC stream holds exactly N
// sync.requested messages. The sweep's other settings are the scheduler's defaults, read from
// the environment like the scheduler reads them (e.g. SCHEDULER_PUBLISH_CONCURRENCY=64).
import { jetstreamManager } from "@nats-io/jetstream";
import { subjectsFor } from "@cliq/contracts";
import { connectNats, createCommandClient, createLogger, createPublisher, drainNats, loadConfig, provisionStreams, type NatsConnection } from "@cliq/runtime";
import { createSchedule, runSweep, schedulerEnvSchema, type SweepReport } from "@cliq/scheduler";
import { createTestDb, deleteStreams, NATS_URL, uniqueId } from "@cliq/testkit";
import { insertMappings } from "./lib/bulk-mappings.ts";
import { fmtMb, markdownTable, preamble, print, progress } from "./lib/report.ts";
import { machineBusy, sampleMemory, waitForQuietMachine, type MemoryPeaks } from "./lib/resource-sampler.ts";

const sizes = process.argv.slice(2).map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`usage: npx tsx bench/scheduler.bench.ts [N ...] — got ${process.argv.slice(2).join(" ")}`);
if (sizes.length === 0) sizes.push(10_000, 100_000);

const env = loadConfig(schedulerEnvSchema, { ...process.env, SCHEDULER_PLANNER: "false" });
const logger = createLogger({ service: "scheduler-bench", level: "warn" });

type Outcome = { n: number; label?: string; insertMs: number; wallMs: number; report: SweepReport; stored: number; peaks: MemoryPeaks; machineBusy: number };
const WARM_UP = 1_000;

async function fanOut(nc: NatsConnection, n: number): Promise<Outcome> {
  const t = await createTestDb();
  const prefix = uniqueId("bsch");
  try {
    progress(`${n}: inserting mappings`);
    const insertStarted = performance.now();
    const inserted = await insertMappings(t.pool, n);
    const insertMs = performance.now() - insertStarted;
    if (inserted !== n) throw new Error(`inserted ${inserted} mappings, expected ${n}`);
    await provisionStreams(nc, prefix);

    await waitForQuietMachine(20_000);
    progress(`${n}: sweeping`);
    const busy = machineBusy();
    const sampler = sampleMemory(50);
    const started = performance.now();
    const report = await runSweep({
      db: t.db,
      publisher: createPublisher({ nc, prefix, source: "scheduler", logger }),
      commands: createCommandClient({ nc, prefix }),
      logger,
      now: () => new Date(),
      config: {
        schedule: createSchedule(env.SCHEDULE_CRON, env.SCHEDULE_TIMEZONE),
        pageSize: env.SCHEDULER_PAGE_SIZE,
        plannerEnabled: env.SCHEDULER_PLANNER,
        plannerTimeoutMs: env.SCHEDULER_PLANNER_TIMEOUT,
        publishConcurrency: env.SCHEDULER_PUBLISH_CONCURRENCY,
      },
    });
    const wallMs = performance.now() - started;
    const peaks = sampler.stop();
    const machine = busy();

    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(subjectsFor(prefix).stream("sync"));
    if (state.messages !== n || report.requested !== n || report.failed !== 0) {
      throw new Error(`${n} mappings: stream holds ${state.messages}, report requested ${report.requested}, failed ${report.failed}`);
    }
    return { n, insertMs, wallMs, report, stored: state.messages, peaks, machineBusy: machine };
  } finally {
    await deleteStreams(nc, prefix);
    await t.drop();
  }
}

const nc = await connectNats({ url: NATS_URL, name: "scheduler-bench", logger });
const outcomes: Outcome[] = [];
try {
  // A small first sweep pays the process's one-off costs (Prisma's query compiler, JIT), as a
  // cold CronJob would; it is reported on its own so the sizes after it compare like with like.
  outcomes.push({ ...(await fanOut(nc, WARM_UP)), label: `${WARM_UP.toLocaleString("en-US")} (first sweep, cold process)` });
  for (const n of sizes) outcomes.push(await fanOut(nc, n));
} finally {
  await drainNats(nc);
}

print(preamble("Scheduler fan-out", "npx tsx bench/scheduler.bench.ts"));
print(
  `One full \`runSweep\` per size in this process: planner disabled, page size ${env.SCHEDULER_PAGE_SIZE}, publish concurrency ${env.SCHEDULER_PUBLISH_CONCURRENCY}, ` +
    `schedule \`${env.SCHEDULE_CRON}\` ${env.SCHEDULE_TIMEZONE}; real PostgreSQL (fresh schema, bulk-inserted active mappings) and JetStream (own prefix, streams deleted after). ` +
    `RSS and heap are this whole process (Prisma, NATS client included), sampled every 50 ms; sizes run in order in one process (a ${WARM_UP.toLocaleString("en-US")}-mapping sweep first), so a later size starts from the earlier one's heap. ` +
    "Machine busy: all cores during the sweep (this process, NATS, PostgreSQL and anything else running); each size waits up to 20 s for a quiet machine first.\n",
);
print(
  markdownTable(
    ["mappings", "sweep wall time", "requested / failed", "sync.requested/s", "in SYNC stream", "RSS before → peak (MB)", "heap before → peak (MB)", "event-loop delay p99 / max", "machine busy", "bulk insert"],
    outcomes.map((o) => [
      o.label ?? o.n.toLocaleString("en-US"),
      `${(o.wallMs / 1000).toFixed(2)} s`,
      `${o.report.requested} / ${o.report.failed}`,
      (o.report.requested / (o.wallMs / 1000)).toFixed(0),
      `${o.stored} ${o.stored === o.n ? "(= N)" : "(≠ N)"}`,
      `${fmtMb(o.peaks.baselineRss)} → ${fmtMb(o.peaks.peakRss)}`,
      `${fmtMb(o.peaks.baselineHeap)} → ${fmtMb(o.peaks.peakHeap)}`,
      `${o.peaks.loopDelayP99Ms.toFixed(0)} / ${o.peaks.loopDelayMaxMs.toFixed(0)} ms`,
      `${(100 * o.machineBusy).toFixed(0)} %`,
      `${(o.insertMs / 1000).toFixed(1)} s`,
    ]),
  ),
);
process.exit(0);
