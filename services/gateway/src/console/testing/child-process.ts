// Runs one service's composition root (services/<name>/src/main.ts) as a real child process, the
// way `npm start` and Kubernetes run it, keeping its recent log lines for failure messages.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../../", import.meta.url));
const TSX = `${REPO_ROOT}node_modules/.bin/tsx`;
const KEEP_LINES = 300;

export type ServiceProcess = {
  name: string;
  child: ChildProcess;
  /** The last log lines (stdout and stderr). */
  logs(): string[];
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<number | string>;
};

export function spawnService(name: string, mainPath: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(TSX, [mainPath], {
    cwd: REPO_ROOT,
    // Only what the service is configured with (plus PATH/HOME): nothing of the runner's environment leaks in.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString("utf8").split("\n")) if (l.trim() !== "") lines.push(l);
    if (lines.length > KEEP_LINES) lines.splice(0, lines.length - KEEP_LINES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  return {
    name,
    child,
    logs: () => [...lines],
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Polls `check` until it resolves true; on timeout, throws naming `what` with the given logs. */
export async function waitFor(what: string, check: () => Promise<boolean>, opts: { timeoutMs: number; logs?: () => string[]; alive?: () => boolean }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    if (opts.alive !== undefined && !opts.alive()) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = opts.logs?.().slice(-25).join("\n") ?? "";
  throw new Error(`${what} did not happen in time${lastError instanceof Error ? ` (last error: ${lastError.message})` : ""}\n${tail}`);
}
