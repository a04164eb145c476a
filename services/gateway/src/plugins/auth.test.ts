import { SignJWT } from "jose";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { GatewayRoutes } from "../deps.ts";
import { authHeader, buildTestGateway, TEST_SECRET, tokenFor } from "../test-fixtures/gateway.ts";
import { requireRoles } from "./auth.ts";

const adminRoutes: GatewayRoutes = async (api) => {
  api.get("/admin-only", { config: { roles: ["super_admin"] } }, async () => ({ ok: true }));
  api.get("/backend-or-admin", { preHandler: requireRoles("super_admin", "backend") }, async () => ({ ok: true }));
  api.get("/open", { config: { public: true }, schema: { response: { 200: z.object({ user: z.null() }) } } }, async (request) => ({
    user: request.user as null,
  }));
};

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestGateway({ routes: [adminRoutes] });
});
afterAll(async () => {
  await app.close();
});

async function me(headers: Record<string, string>) {
  const res = await app.inject({ method: "GET", url: "/api/me", headers });
  return { status: res.statusCode, body: res.json<{ error: { code: string; message: string } }>(), raw: res.body };
}

describe("authentication on /api", () => {
  it("when the token is valid, then /api/me returns the verified user", async () => {
    const res = await app.inject({ method: "GET", url: "/api/me", headers: await authHeader(["backend"], "ana@example.com") });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: "ana@example.com", roles: ["backend"] });
  });

  it("when there is no Authorization header, then 401 says the bearer token is missing", async () => {
    const res = await me({});
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: "unauthenticated", message: expect.stringContaining("missing bearer token") });
  });

  it("when the header is not a bearer token, then 401 says it is malformed", async () => {
    const res = await me({ authorization: "Basic dXNlcjpwYXNz" });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("malformed Authorization header");
  });

  it("when the token expired, then 401 says expired and does not echo the token", async () => {
    const token = await new SignJWT({ roles: ["backend"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const res = await me({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("token expired");
    expect(res.raw).not.toContain(token.split(".")[1]);
  });

  it("when the token is signed with the wrong secret, then 401 says bad signature", async () => {
    const token = await new SignJWT({ roles: ["super_admin"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .sign(new TextEncoder().encode("not-the-gateway-secret-but-long-enough"));
    const res = await me({ authorization: `Bearer ${token}` });
    expect([res.status, res.body.error.message]).toEqual([401, "bad token signature"]);
  });

  it("when the token uses alg none, then 401", async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const res = await me({ authorization: `Bearer ${part({ alg: "none" })}.${part({ sub: "x", roles: ["super_admin"] })}.` });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthenticated");
  });

  it("when the route needs a role the user lacks, then 403 forbidden names the roles", async () => {
    const res = await app.inject({ method: "GET", url: "/api/admin-only", headers: await authHeader(["backend"]) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("super_admin") } });
  });

  it("when the user holds the role from config.roles, then the route runs", async () => {
    const res = await app.inject({ method: "GET", url: "/api/admin-only", headers: await authHeader(["user", "super_admin"]) });
    expect(res.statusCode).toBe(200);
  });

  it("when requireRoles guards a route, then any listed role passes and others get 403", async () => {
    const ok = await app.inject({ method: "GET", url: "/api/backend-or-admin", headers: await authHeader(["backend"]) });
    const no = await app.inject({ method: "GET", url: "/api/backend-or-admin", headers: await authHeader(["manager"]) });
    expect([ok.statusCode, no.statusCode]).toEqual([200, 403]);
  });

  it("when a role-restricted route is called without a token, then 401 comes before 403", async () => {
    const res = await app.inject({ method: "GET", url: "/api/admin-only" });
    expect(res.statusCode).toBe(401);
  });

  it("when a route is marked public, then it runs without a token and without a user", async () => {
    const res = await app.inject({ method: "GET", url: "/api/open" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null });
  });

  it("when a dev token is signed with the gateway secret, then the app accepts it", async () => {
    const res = await me({ authorization: `Bearer ${await tokenFor(["super_admin"], "admin@example.com", "8h")}` });
    expect(res.status).toBe(200);
  });
});
