// Private NATS, Redis and PostgreSQL instances for the restart cases: each on its own port and
// data directory, so a test can stop and start "its" server mid-run without touching the shared
// servers every other test file uses. Start, stop and restart keep the port and the data dir.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);
const NATS_BIN = process.env.NATS_SERVER_BIN ?? "/usr/sbin/nats-server";
const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? "redis-server";
const PG_BIN = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export type PrivateServer = {
  name: string;
  port: number;
  url: string;
  dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** stop → wait downMs → start, on the same port and data directory. */
  restart(downMs?: number): Promise<void>;
  /** Stops it and deletes the data directory. */
  destroy(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A server run as a foreground child process that logs `readyText` once it serves. */
function foregroundServer(o: { name: string; port: number; url: string; dir: string; bin: string; args: string[]; readyText: string }): PrivateServer {
  let child: ChildProcess | null = null;
  const reap = () => {
    if (child?.exitCode === null) child.kill("SIGKILL");
  };
  process.on("exit", reap);
  const server: PrivateServer = {
    name: o.name,
    port: o.port,
    url: o.url,
    dir: o.dir,
    async start() {
      const c = spawn(o.bin, o.args, { stdio: ["ignore", "pipe", "pipe"] });
      child = c;
      let out = "";
      const ready = new Promise<void>((resolve, reject) => {
        const onData = (b: Buffer) => {
          out += b.toString();
          if (out.includes(o.readyText)) resolve();
        };
        c.stdout?.on("data", onData);
        c.stderr?.on("data", onData);
        c.once("exit", (code) => reject(new Error(`${o.name} exited (${code}) before it was ready:\n${out.slice(-2_000)}`)));
        c.once("error", reject);
      });
      await Promise.race([ready, sleep(20_000).then(() => Promise.reject(new Error(`${o.name} not ready within 20 s:\n${out.slice(-2_000)}`)))]);
    },
    async stop() {
      const c = child;
      if (c === null || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((resolve) => c.once("exit", resolve));
      c.kill("SIGTERM");
      await exited;
      child = null;
    },
    async restart(downMs = 1_000) {
      await server.stop();
      await sleep(downMs);
      await server.start();
    },
    async destroy() {
      await server.stop();
      process.off("exit", reap);
      await rm(o.dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** `nats-server -js -sd <dir> -p <port>`: JetStream on file storage, so streams survive a restart. */
export async function startPrivateNats(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "fault-nats-"));
  const s = foregroundServer({ name: "nats-server", port, url: `nats://127.0.0.1:${port}`, dir, bin: NATS_BIN, args: ["-js", "-sd", dir, "-p", String(port), "-a", "127.0.0.1"], readyText: "Server is ready" });
  await s.start();
  return s;
}

/** `redis-server --port <port> --save "" --dir <dir>`: no persistence, so a restart empties it. */
export async function startPrivateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "fault-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"];
  const s = foregroundServer({ name: "redis-server", port, url: `redis://127.0.0.1:${port}`, dir, bin: REDIS_BIN, args, readyText: "Ready to accept connections" });
  await s.start();
  return s;
}

/** initdb/pg_ctl refuse to run as root: run them as `postgres` when we are root. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

/** A PostgreSQL 15 cluster made with initdb in a temp dir, started with pg_ctl on its own port. */
export async function startPrivatePostgres(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "fault-pg-"));
  if (process.getuid?.() === 0) {
    const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gids = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    await chown(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  const data = join(dir, "data");
  const pgCtl = (args: string[]) => {
    const [cmd, full] = asPostgres(`${PG_BIN}/pg_ctl`, ["-D", data, ...args]);
    return run(cmd, full, { timeout: 30_000 });
  };
  await run(...asPostgres(`${PG_BIN}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]), { timeout: 60_000 });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
  let running = false;
  const reap = () => {
    if (running) spawnSync(...asPostgres(`${PG_BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "stop"]));
  };
  process.on("exit", reap);
  const server: PrivateServer = {
    name: "postgresql",
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    dir,
    async start() {
      await pgCtl(["-l", join(dir, "server.log"), "-o", options, "-w", "-t", "30", "start"]);
      running = true;
    },
    async stop() {
      if (!running) return;
      await pgCtl(["-m", "fast", "-w", "-t", "30", "stop"]);
      running = false;
    },
    async restart(downMs = 1_000) {
      await server.stop();
      await sleep(downMs);
      await server.start();
    },
    async destroy() {
      await server.stop().catch(() => undefined);
      process.off("exit", reap);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
