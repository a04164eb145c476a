// Liveness and readiness over HTTP for Kubernetes probes. /healthz answers while the process runs;
// /readyz runs every dependency check (each bounded by a timeout) and names the ones failing.
import Fastify, { type FastifyInstance } from "fastify";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Logger } from "./logger.ts";
import { withTimeout } from "./util/time.ts";

export type HealthCheck = () => Promise<void>;

export type HealthServerOptions = {
  port: number;
  /** Default 127.0.0.1; use 0.0.0.0 in a container so the kubelet can reach it. */
  host?: string;
  logger: Logger;
  checks: Record<string, HealthCheck>;
  /** Per-check timeout; default 2 s. */
  checkTimeoutMs?: number;
  /** More routes on the same server (e.g. metrics, a service's own debug pages). */
  extraRoutes?: (app: FastifyInstance) => void | Promise<void>;
};

export type HealthServer = { url: string; port: number; close(): Promise<void> };

export async function startHealthServer(opts: HealthServerOptions): Promise<HealthServer> {
  const log = opts.logger.child({ component: "health" });
  const checkTimeoutMs = opts.checkTimeoutMs ?? 2_000;
  const app = Fastify({ logger: false });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    const names = Object.keys(opts.checks);
    const results = await Promise.all(
      names.map(async (name) => {
        try {
          await withTimeout(opts.checks[name]!(), checkTimeoutMs, `check timed out after ${checkTimeoutMs} ms`);
          return [name, "ok"] as const;
        } catch (err) {
          return [name, describe(err)] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const failing = results.filter(([, r]) => r !== "ok");
    if (failing.length === 0) return { status: "ready", checks };
    log.warn({ checks }, "not ready");
    return reply.code(503).send({ status: "not_ready", checks });
  });
  if (opts.extraRoutes) await opts.extraRoutes(app);

  await app.listen({ port: opts.port, host: opts.host ?? "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : opts.port;
  const hostForUrl = (opts.host ?? "127.0.0.1") === "0.0.0.0" ? "127.0.0.1" : (opts.host ?? "127.0.0.1");
  const url = `http://${hostForUrl.includes(":") ? `[${hostForUrl}]` : hostForUrl}:${port}`;
  log.info({ url }, "health server listening");
  return { url, port, close: () => app.close() };
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message || "failed").slice(0, 300);
}

/** Ready while the NATS connection is open and the server answers a flush. */
export function natsCheck(nc: NatsConnection): HealthCheck {
  return async () => {
    if (nc.isClosed()) throw new Error("NATS connection closed");
    if (nc.isDraining()) throw new Error("NATS connection draining");
    await nc.flush();
  };
}

/** Ready while the database answers `SELECT 1` (Prisma's $queryRawUnsafe or anything shaped like it). */
export function dbCheck(db: { $queryRawUnsafe(query: string): Promise<unknown> }): HealthCheck {
  return async () => {
    await db.$queryRawUnsafe("SELECT 1");
  };
}

/** Ready while Redis answers PING. */
export function redisCheck(redis: { ping(): Promise<string> }): HealthCheck {
  return async () => {
    const pong = await redis.ping();
    if (pong !== "PONG") throw new Error(`unexpected PING reply ${JSON.stringify(pong).slice(0, 50)}`);
  };
}
