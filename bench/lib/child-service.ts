// Runs a service of the benchmarked stack in a child process of its own, as in production
// (gateway and channel-mapping are separate processes there), so the load generator in the
// parent does not share an event loop with what it measures. Parent and child talk over the
// fork IPC channel: the child reports `ready` (with a few facts, e.g. its port) and stops on
// `stop` or when the parent goes away.
import { fork } from "node:child_process";

type ChildMessage = { type: "ready"; info: Record<string, string> } | { type: "failed"; error: string };

export type ChildService = { pid: number; info: Record<string, string>; stop(): Promise<void> };

export async function startChildService(script: URL, env: Record<string, string>, timeoutMs = 60_000): Promise<ChildService> {
  const child = fork(script, [], {
    // BENCH_PROFILE_DIR=/tmp/prof: each child writes a V8 CPU profile there when it exits.
    execArgv: ["--import", "tsx", ...(process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script.pathname} was not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => reject(new Error(`${script.pathname} exited (code ${code}) before it was ready`)));
    child.on("message", (m: ChildMessage) => {
      clearTimeout(timer);
      if (m.type === "ready") resolve(m.info);
      else reject(new Error(`${script.pathname} failed to start: ${m.error}`));
    });
  }).catch((err: unknown) => {
    child.kill("SIGKILL");
    throw err;
  });
  return {
    pid: child.pid as number,
    info,
    async stop() {
      if (child.exitCode !== null) return;
      child.send("stop");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The child's side: start, report ready (or the failure), stop on request or when orphaned. */
export async function runAsChildService(start: () => Promise<{ info: Record<string, string>; stop(): Promise<void> }>): Promise<void> {
  const send = (m: ChildMessage) => process.send?.(m);
  let running: { stop(): Promise<void> };
  try {
    const started = await start();
    running = started;
    send({ type: "ready", info: started.info });
  } catch (err) {
    send({ type: "failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("message", (m) => m === "stop" && stop());
  process.on("disconnect", stop);
}
