// Real sync-worker processes for the sync benchmark (services/sync-worker/src/main.ts through the
// worker's own test harness), and what the benchmark reads of them from /proc: CPU time and
// peak RSS of the worker's node process (tsx runs it as a child of the tsx launcher).
import { readFileSync } from "node:fs";
import type { Harness } from "../../services/sync-worker/src/testing/harness.ts";
import { spawnWorker, waitReady, type WorkerProcess } from "../../services/sync-worker/src/testing/worker-process.ts";
import { cpuSecondsOf } from "./resource-sampler.ts";

/** `BENCH_WORKER_CPU_PROF=DIR` writes a CPU profile (.cpuprofile JSON) of every worker process into DIR. */
const PROFILE_DIR = process.env.BENCH_WORKER_CPU_PROF;
const workerNodeArgs = PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`];

/**
 * The V8 heap settings a worker container is deployed with (services/sync-worker/README.md,
 * "Running it"): without a cap V8 lets the heap grow with the allocation rate before collecting.
 */
export const WORKER_NODE_OPTIONS = "--max-old-space-size=128 --max-semi-space-size=2";

/** Starts `n` workers of the harness with `env`, runs `fn`, stops them (their last logs on failure). */
export async function withWorkers<T>(h: Harness, n: number, env: Record<string, string>, fn: (ws: WorkerProcess[]) => Promise<T>): Promise<T> {
  const ws = Array.from({ length: n }, (_, i) => spawnWorker(`bench-w${i + 1}`, h.workerEnv({ LOG_LEVEL: "info", ...env }), workerNodeArgs));
  try {
    await Promise.all(ws.map((w) => waitReady(w, 60_000)));
    return await fn(ws);
  } catch (err) {
    for (const w of ws) console.error(`--- ${w.id}\n${w.logs().slice(-20).join("\n")}`);
    throw err;
  } finally {
    await Promise.all(ws.map((w) => w.kill("SIGTERM")));
  }
}

/** The worker's processes: the tsx launcher and its node child. */
export function workerPids(w: WorkerProcess): number[] {
  const pid = w.child.pid as number;
  return [pid, ...readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)];
}

/** CPU time (user + system, ms) the worker's processes used so far. */
export function workerCpuMs(w: WorkerProcess): number {
  return workerPids(w).reduce((sum, pid) => sum + cpuSecondsOf(pid) * 1_000, 0);
}

/** The largest peak RSS (VmHWM) among the worker's processes, in MB. */
export function workerPeakRssMb(w: WorkerProcess): number {
  return Math.max(
    ...workerPids(w).map((pid) => {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    }),
  );
}
