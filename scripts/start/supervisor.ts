// A tiny process supervisor for `npm start`: each service runs as its own process with its
// output prefixed; Ctrl-C (or SIGTERM) stops all of them gracefully, in reverse start order.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type ProcessSpec = { name: string; args: string[]; env: NodeJS.ProcessEnv; color: number };

// `node --import <tsx>` runs each service as ONE process. The tsx CLI would add a wrapper process
// that relays signals: with Ctrl-C reaching the whole group, every service would get SIGINT twice
// and skip its graceful drain ("received a second signal; exiting now").
const TSX_LOADER = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;

export type Supervisor = {
  /** Stops every child; `graceMs`: first wait that long for children already told to stop (Ctrl-C). */
  stopAll(graceMs?: number): Promise<void>;
  exited: Promise<{ name: string; code: number | null }>;
};

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export function startAll(specs: ProcessSpec[], write: (line: string) => void): Supervisor {
  const children: { spec: ProcessSpec; child: ChildProcess }[] = [];
  let stopping = false;
  let reportExit: (v: { name: string; code: number | null }) => void = () => undefined;
  const exited = new Promise<{ name: string; code: number | null }>((r) => (reportExit = r));

  for (const spec of specs) {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, ...spec.args], { env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
    const tag = `\x1b[${spec.color}m${spec.name.padEnd(15)}\x1b[0m|`;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => write(`${tag} ${line}`));
    }
    child.on("exit", (code) => {
      if (!stopping) reportExit({ name: spec.name, code });
    });
    children.push({ spec, child });
  }

  async function stopAll(graceMs = 0): Promise<void> {
    stopping = true;
    // Ctrl-C in a terminal signals the whole process group, so the services are already shutting
    // down gracefully; a second signal would make them skip their drain (a worker mid-sync exits
    // at once). Let them finish on their own first, then signal whoever is still running.
    if (graceMs > 0) await Promise.race([Promise.all(children.map(({ child }) => exitOf(child))), new Promise((r) => setTimeout(r, graceMs))]);
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
