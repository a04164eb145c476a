// Child processes of a fault stack and every line they print. The services' own test helpers keep
// only recent lines; the secrets scan needs all of them, so each child's output is captured here
// in full, for the whole life of the stack (killed processes included).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));

export type OutputLog = { name: string; text(): string };

/** Captures every byte a child writes to stdout and stderr. */
export function captureOutput(name: string, child: ChildProcess): OutputLog {
  const chunks: string[] = [];
  child.stdout?.on("data", (b: Buffer) => chunks.push(b.toString("utf8")));
  child.stderr?.on("data", (b: Buffer) => chunks.push(b.toString("utf8")));
  return { name, text: () => chunks.join("") };
}

export type ServiceProcess = {
  name: string;
  child: ChildProcess;
  log: OutputLog;
  exited: Promise<number | string>;
  stop(): Promise<number | string>;
};

/** Runs a service's composition root (`services/<name>/src/main.ts`) with exactly `env` (plus PATH). */
export function spawnService(name: string, service: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `${REPO}services/${service}/src/main.ts`], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = captureOutput(name, child);
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const reap = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", reap);
  void exited.then(() => process.off("exit", reap));
  return {
    name,
    child,
    log,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Polls `probe` until it returns something other than undefined/false. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
