// One NATS connection per process. It reconnects forever: a broker restart must never take a
// service down, only pause it. Status changes are logged with the server's host, never credentials.
import { connect, type NodeConnectionOptions } from "@nats-io/transport-node";
import type { NatsConnection, Status } from "@nats-io/nats-core";
import type { Logger } from "../logger.ts";
import { withTimeout } from "../util/time.ts";

export type ConnectNatsOptions = {
  url: string;
  /** The client name shown by the server (`nats server report connections`): the service name. */
  name: string;
  logger: Logger;
  /** Delay between reconnect attempts; default 1 s. */
  reconnectTimeWaitMs?: number;
};

/** Splits `nats://user:pass@host:4222` into a credential-free server URL plus auth options. */
export function natsConnectionOptions(url: string): Pick<NodeConnectionOptions, "servers" | "user" | "pass" | "token"> {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  const servers = u.toString().replace(/\/$/, "");
  if (user !== "" && pass !== "") return { servers, user, pass };
  if (user !== "") return { servers, token: user };
  return { servers };
}

export async function connectNats(opts: ConnectNatsOptions): Promise<NatsConnection> {
  const log = opts.logger.child({ component: "nats" });
  const nc = await connect({
    ...natsConnectionOptions(opts.url),
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: opts.reconnectTimeWaitMs ?? 1_000,
  });
  log.info({ server: nc.getServer() }, "connected to NATS");
  void watchStatus(nc, log);
  return nc;
}

async function watchStatus(nc: NatsConnection, log: Logger): Promise<void> {
  try {
    for await (const s of nc.status()) logStatus(s, log);
  } catch (err) {
    log.warn({ err }, "NATS status watcher stopped");
  }
}

function logStatus(s: Status, log: Logger): void {
  switch (s.type) {
    case "disconnect":
      log.warn({ server: s.server }, "disconnected from NATS; reconnecting");
      break;
    case "reconnect":
      log.info({ server: s.server }, "reconnected to NATS");
      break;
    case "reconnecting":
      log.debug("reconnecting to NATS");
      break;
    case "error":
      log.error({ err: s.error }, "NATS connection error");
      break;
    case "ldm":
      log.warn({ server: s.server }, "NATS server entering lame-duck mode");
      break;
    case "slowConsumer":
      log.warn({ subject: s.sub.getSubject(), pending: s.pending }, "NATS slow consumer");
      break;
    case "staleConnection":
      log.warn("NATS connection stale");
      break;
    case "close":
      log.info("NATS connection closed");
      break;
    default:
      break;
  }
}

/**
 * Drains the connection on shutdown (finishes delivered messages, flushes acks and publishes),
 * then closes it. Never throws: shutdown must continue. Falls back to close() after `timeoutMs`.
 */
export async function drainNats(nc: NatsConnection, timeoutMs = 5_000): Promise<void> {
  if (nc.isClosed()) return;
  try {
    if (!nc.isDraining()) await withTimeout(nc.drain(), timeoutMs, `NATS drain took longer than ${timeoutMs} ms`);
  } catch {
    // fall through to a hard close
  }
  if (!nc.isClosed()) await nc.close().catch(() => undefined);
}
