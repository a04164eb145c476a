import { describe, expect, it } from "vitest";
import { buildTestGateway } from "../test-fixtures/gateway.ts";

describe("health endpoints", () => {
  it("when the process runs, then /healthz answers 200 without a token", async () => {
    const app = await buildTestGateway();
    const res = await app.inject({ method: "GET", url: "/healthz" });
    expect([res.statusCode, res.json()]).toEqual([200, { status: "ok" }]);
    await app.close();
  });

  it("when every check passes, then /readyz answers 200 listing them", async () => {
    const app = await buildTestGateway({ checks: { nats: async () => {}, db: async () => {} } });
    const res = await app.inject({ method: "GET", url: "/readyz" });
    expect([res.statusCode, res.json()]).toEqual([200, { status: "ready", checks: { nats: "ok", db: "ok" } }]);
    await app.close();
  });

  it("when a check fails, then /readyz answers 503 naming it without its error text", async () => {
    const app = await buildTestGateway({
      checks: {
        nats: async () => {},
        db: async () => {
          throw new Error("connect ECONNREFUSED postgres://admin:hunter2@db:5432");
        },
      },
    });
    const res = await app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: { code: "service_unavailable", message: "not ready: db failed", details: { checks: { nats: "ok", db: "failed" } } },
    });
    expect(res.body).not.toContain("hunter2");
    await app.close();
  });
});
