import { describe, expect, it } from "vitest";
import { buildTestGateway } from "./test-fixtures/gateway.ts";

describe("gateway app", () => {
  it("when the frontend's origin is allowed, then a preflight is answered with CORS headers", async () => {
    const app = await buildTestGateway({ env: { CORS_ORIGINS: "https://app.example.com" } });
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/api/me",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    const allowed = await preflight("https://app.example.com");
    const other = await preflight("https://evil.example.com");
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(allowed.headers["access-control-allow-headers"]).toContain("authorization");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    await app.close();
  });

  it("when CORS_ORIGINS is empty, then no CORS headers are sent", async () => {
    const app = await buildTestGateway();
    const res = await app.inject({ method: "GET", url: "/healthz", headers: { origin: "https://app.example.com" } });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    await app.close();
  });

  it("when a request carries x-request-id, then the answer echoes it; otherwise one is generated", async () => {
    const app = await buildTestGateway();
    const given = await app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "req-123" } });
    const generated = await app.inject({ method: "GET", url: "/healthz" });
    expect(given.headers["x-request-id"]).toBe("req-123");
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });
});
