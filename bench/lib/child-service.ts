// Runs a service of the benchmarked stack as production does: its own `services/<name>/src/main.ts`
// in a process of its own (so the load generator in the parent does not share an event loop with
// what it measures), configured only through the environment. Ready when its /readyz answers 200;
// stopped with SIGTERM, like Kubernetes does. A one-shot mode (run-once) runs to its end instead.
import { fork } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

export type ChildService = { pid: number; stop(): Promise<void> };

/** Runs `services/<service>/src/main.ts <args>` to its end (e.g. the scheduler's run-once): its exit code and stdout. */
export async function runToEnd(service: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const child = fork(`${REPO}services/${service}/src/main.ts`, [...args], {
    cwd: REPO,
    execArgv: ["--import", "tsx"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  return { code, stdout };
}

/** A TCP port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `services/<service>/src/main.ts` and waits until `readyUrl` answers 200. */
export async function startService(service: string, env: Record<string, string>, readyUrl: string, timeoutMs = 60_000): Promise<ChildService> {
  const child = fork(`${REPO}services/${service}/src/main.ts`, [], {
    cwd: REPO,
    // BENCH_PROFILE_DIR=/tmp/prof: each service writes a V8 CPU profile there when it exits.
    execArgv: ["--import", "tsx", ...(process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    // the child's logs go to stderr with the progress lines: stdout stays the markdown report
    stdio: ["ignore", 2, "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A benchmark that throws before stop() must not leave the service running.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  void exited.then(() => process.off("exit", reap));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (hasExited()) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error(`${service} exited (code ${child.exitCode ?? child.signalCode}) before it was ready`);
    const ok = await fetch(readyUrl).then((r) => r.ok, () => false);
    if (ok) return { pid: child.pid as number, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${service} was not ready at ${readyUrl} within ${timeoutMs} ms`);
    }
    await sleep(200);
  }
}
