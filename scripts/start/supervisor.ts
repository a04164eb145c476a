// A tiny process supervisor for `npm start`: each service runs as its own process with its
// output prefixed; Ctrl-C (or SIGTERM) stops all of them gracefully, in reverse start order.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type ProcessSpec = { name: string; args: string[]; env: NodeJS.ProcessEnv; color: number };

const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;

export type Supervisor = { stopAll(): Promise<void>; exited: Promise<{ name: string; code: number | null }> };

export function startAll(specs: ProcessSpec[], write: (line: string) => void): Supervisor {
  const children: { spec: ProcessSpec; child: ChildProcess }[] = [];
  let stopping = false;
  let reportExit: (v: { name: string; code: number | null }) => void = () => undefined;
  const exited = new Promise<{ name: string; code: number | null }>((r) => (reportExit = r));

  for (const spec of specs) {
    const child = spawn(TSX, spec.args, { env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
    const tag = `\x1b[${spec.color}m${spec.name.padEnd(15)}\x1b[0m|`;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => write(`${tag} ${line}`));
    }
    child.on("exit", (code) => {
      if (!stopping) reportExit({ name: spec.name, code });
    });
    children.push({ spec, child });
  }

  async function stopAll(): Promise<void> {
    stopping = true;
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await done;
      clearTimeout(timer);
    }
  }
  return { stopAll, exited };
}
