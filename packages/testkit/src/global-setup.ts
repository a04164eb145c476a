// Vitest global setup for integration tests: make sure the real servers answer and the test
// database exists. Where they are unreachable, say which one and how to start it.
import net from "node:net";
import { ensureDatabase } from "@cliq/db/ensure-database";
import { DATABASE_URL, NATS_URL, REDIS_URL } from "./infra.ts";

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(2_000, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

export default async function setup(): Promise<void> {
  const checks: [string, string, number][] = [
    ["DATABASE_URL", DATABASE_URL, 5432],
    ["NATS_URL", NATS_URL, 4222],
    ["REDIS_URL", REDIS_URL, 6379],
  ];
  const down: string[] = [];
  for (const [name, url, port] of checks) if (!(await reachable(url, port))) down.push(`${name}=${url}`);
  if (down.length > 0) {
    throw new Error(
      `integration tests need real servers; unreachable: ${down.join(", ")}. ` +
        "Start them as shown in STACK.md (or run `bash .ci/run`, which starts them).",
    );
  }
  await ensureDatabase(DATABASE_URL);
}
