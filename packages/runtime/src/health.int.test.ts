import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { captureLogger, connectTestNats } from "./test-support/harness.ts";
import { dbCheck, natsCheck, redisCheck, startHealthServer, type HealthServer } from "./health.ts";

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe("health server", () => {
  let nc: NatsConnection;
  const servers: HealthServer[] = [];
  const start = async (checks: Parameters<typeof startHealthServer>[0]["checks"], checkTimeoutMs?: number) => {
    const s = await startHealthServer({ port: 0, logger: captureLogger().logger, checks, ...(checkTimeoutMs ? { checkTimeoutMs } : {}) });
    servers.push(s);
    return s;
  };
  beforeAll(async () => {
    nc = await connectTestNats();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await nc.close();
  });

  it("when every check passes, then /healthz and /readyz answer 200", async () => {
    const s = await start({ nats: natsCheck(nc), redis: redisCheck({ ping: async () => "PONG" }) });
    expect(await get(`${s.url}/healthz`)).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get(`${s.url}/readyz`)).toEqual({ status: 200, body: { status: "ready", checks: { nats: "ok", redis: "ok" } } });
  });

  it("when a check fails or hangs, then /readyz answers 503 naming it, while /healthz stays 200", async () => {
    const s = await start(
      {
        nats: natsCheck(nc),
        db: dbCheck({ $queryRawUnsafe: async () => Promise.reject(new Error("connection refused")) }),
        redis: redisCheck({ ping: () => new Promise(() => undefined) }),
      },
      200,
    );
    const t0 = Date.now();
    expect(await get(`${s.url}/readyz`)).toEqual({
      status: 503,
      body: { status: "not_ready", checks: { nats: "ok", db: "connection refused", redis: "check timed out after 200 ms" } },
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect((await get(`${s.url}/healthz`)).status).toBe(200);
  });

  it("when the NATS connection is closed, then the nats check fails", async () => {
    const other = await connectTestNats();
    const s = await start({ nats: natsCheck(other) });
    await other.close();
    expect(await get(`${s.url}/readyz`)).toEqual({ status: 503, body: { status: "not_ready", checks: { nats: "NATS connection closed" } } });
  });

  it("when extra routes are given, then they are served next to the probes", async () => {
    const s = await startHealthServer({
      port: 0,
      logger: captureLogger().logger,
      checks: {},
      extraRoutes: (app) => {
        app.get("/metrics", async () => ({ up: 1 }));
      },
    });
    servers.push(s);
    expect(await get(`${s.url}/metrics`)).toEqual({ status: 200, body: { up: 1 } });
  });
});
