// Runs sync-worker's main.ts as a real child process (tsx), so tests can SIGKILL it mid-run.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const TSX = `${REPO}node_modules/.bin/tsx`;
const MAIN = `${REPO}services/sync-worker/src/main.ts`;

export type WorkerProcess = {
  id: string;
  child: ChildProcess;
  /** The last log lines (JSON), for failure messages. */
  logs(): string[];
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
};

/** `nodeArgs`: extra node flags for the worker (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
export function spawnWorker(id: string, env: Record<string, string>, nodeArgs: readonly string[] = []): WorkerProcess {
  const child = spawn(TSX, [...nodeArgs, MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "test", ...env, WORKER_ID: id },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: tsx runs the worker in a child node process, and a SIGKILL (which
    // tsx cannot relay) must reach that child too.
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString().split("\n")) if (l.trim() !== "") lines.push(l);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Never leave a worker behind if the test process ends first.
  const reap = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", reap);
  void exited.then(() => process.off("exit", reap));
  return {
    id,
    child,
    logs: () => [...lines],
    exited,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        // SIGTERM goes to tsx, which relays it once; SIGKILL goes to the whole group.
        if (signal === "SIGKILL") process.kill(-child.pid, "SIGKILL");
        else child.kill(signal);
      }
      return exited;
    },
  };
}

/** Resolves once the worker logged that it is ready (or rejects with its logs). */
export async function waitReady(w: WorkerProcess, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (w.logs().some((l) => l.includes("sync worker ready"))) return;
    if (w.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`worker ${w.id} did not become ready:\n${w.logs().slice(-30).join("\n")}`);
}
