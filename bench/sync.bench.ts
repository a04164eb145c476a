// Sync engine benchmark (not a test): run with `npx tsx bench/sync.bench.ts`.
// (a) share of a scaled-down Zoho budget (15 requests / 3 s) used by 1, 2 and 4 worker replicas,
//     and throttles seen by the simulator (target ≥ 95 %, zero throttles);
// (b) end-to-end messages/s with the limit lifted, divided by a bare fetch loop against the same
//     simulator (target ≥ 0.85);
// (c) worker peak RSS during backfills of 25k, 50k and 100k messages (target ≤ 200 MB, flat).
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { REDIS_URL } from "@cliq/testkit";
import { createZohoClient } from "@cliq/zoho-client";
import { createZohoLimiter } from "@cliq/zoho-limiter";
import { generateOrg, type GeneratedOrg, type SimChannel } from "@cliq/zoho-simulator";
import { startHarness, type Harness } from "../services/sync-worker/src/testing/harness.ts";
import { spawnWorker, waitReady, type WorkerProcess } from "../services/sync-worker/src/testing/worker-process.ts";
import { cpuSecondsOf } from "./lib/resource-sampler.ts";

const BUDGET = { perWindow: 15, windowMs: 3_000 };
const LIFTED = "10000000";
const rows: string[][] = [];
/** `BENCH_WORKER_CPU_PROF=DIR` writes a CPU profile (.cpuprofile JSON) of every worker process into DIR. */
const PROFILE_DIR = process.env.BENCH_WORKER_CPU_PROF;
const workerNodeArgs = PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`];

function org(channels: number, messagesPerChannel: number, seed = 21): GeneratedOrg {
  const o = generateOrg({ seed, channels, messagesPerChannel, spacingMs: 2_000 });
  o.channels = o.channels.filter((c) => c.chat_id !== null);
  return o;
}

async function withWorkers<T>(h: Harness, n: number, env: Record<string, string>, fn: (ws: WorkerProcess[]) => Promise<T>): Promise<T> {
  const ws = Array.from({ length: n }, (_, i) => spawnWorker(`bench-w${i + 1}`, h.workerEnv({ LOG_LEVEL: "info", ...env }), workerNodeArgs));
  try {
    await Promise.all(ws.map((w) => waitReady(w)));
    return await fn(ws);
  } catch (err) {
    for (const w of ws) console.error(`--- ${w.id}\n${w.logs().slice(-20).join("\n")}`);
    throw err;
  } finally {
    await Promise.all(ws.map((w) => w.kill("SIGTERM")));
  }
}

async function requestAll(h: Harness, chs: SimChannel[]): Promise<string[]> {
  const jobs: string[] = [];
  for (const ch of chs) jobs.push(await h.requestSync((await h.createMapping(ch, { syncFrom: new Date(Date.UTC(2025, 0, 5)) })).mappingId));
  return jobs;
}

/** (a) requests per budget while every replica has more work than the budget allows. */
async function budgetShare(replicas: number): Promise<void> {
  const h = await startHarness({ data: org(8, 3_000), limits: { perMinute: { messages: BUDGET.perWindow }, windowMs: BUDGET.windowMs, lockMs: 10_000 } });
  try {
    await withWorkers(h, replicas, { ZOHO_MESSAGES_PER_MINUTE: String(BUDGET.perWindow), ZOHO_RATE_WINDOW_MS: String(BUDGET.windowMs), WORKER_CONCURRENCY: "2" }, async () => {
      await requestAll(h, h.sim.channels().filter((c) => c.chat_id !== null));
      await sleep(3_000); // warm-up: every replica busy
      const before = h.sim.counters();
      const measureMs = 18_000;
      await sleep(measureMs);
      const after = h.sim.counters();
      const requests = after.requests.messages - before.requests.messages;
      const allowed = (BUDGET.perWindow * measureMs) / BUDGET.windowMs;
      rows.push([`(a) budget share, ${replicas} replica${replicas > 1 ? "s" : ""}`, `${((100 * requests) / allowed).toFixed(1)} % (${requests}/${allowed} requests), ${after.throttles.messages} throttles`, "≥ 95 %, 0 throttles"]);
    });
  } finally {
    await h.stop();
  }
}

/**
 * (b) worker end to end vs a bare fetch loop over the same simulator. Both sides are measured
 * warm, best of 3: the bare loop walks one chat three times; the worker (after one warm-up sync,
 * reported as context) syncs three more chats of the same size, one job each (with the default
 * per-run cap, so a job runs as several continuations, as it would in production).
 */
async function throughput(): Promise<void> {
  const count = 30_000;
  const h = await startHarness({ data: org(5, count, 22), limits: { perMinute: { messages: 10_000_000 } } });
  try {
    const chats = h.sim.channels().filter((c) => c.chat_id !== null);
    if (chats.length < 4) throw new Error(`the generated org has ${chats.length} chats; (b) needs 4`);
    const [bareChat, ...workerChats] = chats as [SimChannel, ...SimChannel[]];
    const dc = h.sim.dataCentres.us!;
    const { accessToken } = h.sim.issueTokensForTest();
    const zoho = createZohoClient({});
    const limiter = createZohoLimiter({
      redisUrl: REDIS_URL,
      id: `${h.prefix}-bare`,
      budgets: { messages: { perWindow: Number(LIFTED), windowMs: 60_000 }, channels: { perWindow: 30, windowMs: 60_000 }, channel: { perWindow: 30, windowMs: 60_000 } },
      logger: h.logger,
    });
    await limiter.ready();
    // A bare loop: newest page first, walking back with totime, nothing else. Best of 3 (warm).
    const bareLoop = async (viaLimiter: boolean): Promise<number> => {
      let best = 0;
      for (let round = 0; round < 3; round++) {
        const started = performance.now();
        let fetched = 0;
        let toTime: number | undefined;
        for (;;) {
          const get = () => zoho.getMessages({ cliqServer: dc.cliqServer, accessToken, chatId: bareChat.chat_id as string, fromTime: 0, ...(toTime === undefined ? {} : { toTime }), limit: 100 });
          const page = viaLimiter ? await limiter.schedule("messages", get) : await get();
          if (page.length === 0) break;
          fetched += page.length;
          toTime = (page[0] as { time: number }).time - 1;
          if (page.length < 100) break;
        }
        best = Math.max(best, fetched / ((performance.now() - started) / 1_000));
      }
      return best;
    };
    const bare = await bareLoop(false);
    const bareLimited = await bareLoop(true);
    await limiter.stop();
    await zoho.close();

    await withWorkers(h, 1, { ZOHO_MESSAGES_PER_MINUTE: LIFTED, WORKER_CONCURRENCY: "1" }, async ([w]) => {
      const worker = w as WorkerProcess;
      const runs: { msgsPerS: number; requests: number; benchCpu: number; workerCpu: number }[] = [];
      for (const ch of workerChats.slice(0, 4)) {
        const requestsBefore = h.sim.counters().requests.messages;
        const cpuBefore = process.cpuUsage();
        const workerCpuBefore = cpuMs(worker);
        const started = performance.now();
        const [job] = await requestAll(h, [ch]);
        await h.waitForEnd(job as string, 120_000);
        const wallMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        runs.push({
          msgsPerS: count / (wallMs / 1_000),
          requests: h.sim.counters().requests.messages - requestsBefore,
          benchCpu: (100 * (cpu.user + cpu.system)) / 1_000 / wallMs,
          workerCpu: (100 * (cpuMs(worker) - workerCpuBefore)) / wallMs,
        });
      }
      if (h.sink.messageIds().length !== count * runs.length) throw new Error(`the sink holds ${h.sink.messageIds().length} messages, expected ${count * runs.length}`);
      const [cold, ...warm] = runs as [(typeof runs)[number], ...typeof runs];
      const best = warm.reduce((a, b) => (b.msgsPerS > a.msgsPerS ? b : a));
      rows.push(["(b) end-to-end msgs/s ÷ bare fetch loop (raw client), both warm, best of 3", `${(best.msgsPerS / bare).toFixed(2)} (${best.msgsPerS.toFixed(0)} vs ${bare.toFixed(0)} msgs/s, ${count} messages)`, "≥ 0.85"]);
      rows.push(["(b′) end-to-end ÷ bare fetch loop through the shared limiter", `${(best.msgsPerS / bareLimited).toFixed(2)} (${best.msgsPerS.toFixed(0)} vs ${bareLimited.toFixed(0)} msgs/s)`, "(context)"]);
      rows.push([
        "(b″) that best run: Zoho requests; CPU of the bench process (simulator + sink) / the worker",
        `${best.requests} requests (ideal ${count / 100 + 1}); ${best.benchCpu.toFixed(0)} % / ${best.workerCpu.toFixed(0)} % of a core`,
        "(context)",
      ]);
      rows.push(["(b‴) the worker's first (cold) sync", `${cold.msgsPerS.toFixed(0)} msgs/s, ${cold.requests} requests`, "(context)"]);
    });
  } finally {
    await h.stop();
  }
}

/** The worker's node processes (tsx runs it as a child). */
function workerPids(w: WorkerProcess): number[] {
  return [w.child.pid as number, ...readFileSync(`/proc/${w.child.pid}/task/${w.child.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)];
}

/** CPU time (user + system) the worker's processes used so far. */
function cpuMs(w: WorkerProcess): number {
  return workerPids(w).reduce((sum, pid) => sum + cpuSecondsOf(pid) * 1_000, 0);
}

/** The worker's node process (tsx runs it as a child): its peak RSS from /proc. */
function peakRssMb(w: WorkerProcess): number {
  return Math.max(
    ...workerPids(w).map((pid) => {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    }),
  );
}

/**
 * The V8 heap settings a worker container is deployed with (see services/sync-worker/README.md):
 * without a cap V8 lets the heap grow with the allocation rate long before collecting.
 */
const WORKER_NODE_OPTIONS = "--max-old-space-size=128 --max-semi-space-size=2";

/** (c) peak RSS of one worker through a whole backfill. */
async function memory(count: number, nodeOptions: string | null = WORKER_NODE_OPTIONS): Promise<number> {
  const h = await startHarness({ data: org(1, count, 23), limits: { perMinute: { messages: 10_000_000 } } });
  try {
    const env = { ZOHO_MESSAGES_PER_MINUTE: LIFTED, WORKER_CONCURRENCY: "1", ...(nodeOptions === null ? {} : { NODE_OPTIONS: nodeOptions }) };
    return await withWorkers(h, 1, env, async ([w]) => {
      const ch = h.sim.channels().find((c) => c.chat_id !== null) as SimChannel;
      const [job] = await requestAll(h, [ch]);
      await h.waitForEnd(job as string, 600_000);
      if (h.sink.messageIds().length !== count) throw new Error(`backfill delivered ${h.sink.messageIds().length} of ${count}`);
      return peakRssMb(w as WorkerProcess);
    });
  } finally {
    await h.stop();
  }
}

// `npx tsx bench/sync.bench.ts b` runs only part (b); no argument runs all three.
const parts = process.argv[2] ?? "abc";
if (parts.includes("a")) for (const n of [1, 2, 4]) await budgetShare(n);
if (parts.includes("b")) await throughput();
if (parts.includes("c")) {
  const peaks: string[] = [];
  for (const n of [25_000, 50_000, 100_000]) peaks.push(`${n / 1000}k: ${(await memory(n)).toFixed(0)} MB`);
  rows.push([`(c) worker peak RSS during backfill (NODE_OPTIONS="${WORKER_NODE_OPTIONS}")`, peaks.join(", "), "≤ 200 MB, flat"]);
  rows.push(["(c′) same, 100k, default V8 heap settings", `${(await memory(100_000, null)).toFixed(0)} MB`, "(context)"]);
}

const out = [
  "",
  "## Sync engine benchmark",
  "",
  "Rerun: `npx tsx bench/sync.bench.ts` (needs PostgreSQL, NATS and Redis as in STACK.md)",
  "",
  "| measure | result | target |",
  "|---|---|---|",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
];
process.stdout.write(`${out.join("\n")}\n`);
process.exit(0);
