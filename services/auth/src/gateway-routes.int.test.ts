// The gateway's Zoho Cliq routes (services/gateway/src/routes/zoho-auth.ts) end to end: a signed
// bearer token → the gateway's role checks → NATS → this auth service → the Zoho simulator.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerZohoAuthRoutes } from "../../gateway/src/routes/zoho-auth.ts";
import { authHeader, buildTestGateway } from "../../gateway/src/test-fixtures/gateway.ts";
import { followConsent, startHarness, type Harness } from "./testing/harness.ts";

const BASE = "/api/integrations/zoho-cliq";
let h: Harness;
let app: FastifyInstance;
let superAdmin: { authorization: string };
let backend: { authorization: string };

beforeAll(async () => {
  h = await startHarness();
  await h.startInstance();
  app = await buildTestGateway({ commands: h.commands, routes: [registerZohoAuthRoutes] });
  await app.ready();
  superAdmin = await authHeader(["super_admin"], "root@example.com");
  backend = await authHeader(["backend"], "ops@example.com");
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe("access", () => {
  it("when nobody is signed in, then status is 401", async () => {
    const res = await app.inject({ method: "GET", url: `${BASE}/status` });
    expect(res.statusCode).toBe(401);
  });

  it("when a backend user reads status, then it is allowed, but connecting is 403", async () => {
    const status = await app.inject({ method: "GET", url: `${BASE}/status`, headers: backend });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ connected: false, state: "disconnected" });
    for (const path of ["authorize-url", "complete", "test-connection", "refresh", "disconnect", "rotate"]) {
      const res = await app.inject({ method: "POST", url: `${BASE}/${path}`, headers: backend, payload: path === "complete" ? { code: "c", state: "s" } : {} });
      expect(res.statusCode, path).toBe(403);
    }
  });
});

describe("the paste flow", () => {
  it("when a super admin pastes the code, then the connection is made, can be tested, refreshed, rotated and disconnected over HTTP", async () => {
    const start = await app.inject({ method: "POST", url: `${BASE}/authorize-url`, headers: superAdmin, payload: {} });
    expect(start.statusCode).toBe(200);
    const { url, state } = start.json<{ url: string; state: string }>();
    const code = (await followConsent(url)).get("code")!;

    const bad = await app.inject({ method: "POST", url: `${BASE}/complete`, headers: superAdmin, payload: { state } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");

    const done = await app.inject({ method: "POST", url: `${BASE}/complete`, headers: superAdmin, payload: { code, state } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ location: "us" });

    const status = await app.inject({ method: "GET", url: `${BASE}/status`, headers: backend });
    expect(status.json()).toMatchObject({ connected: true, authenticatedBy: "root@example.com", location: "us" });

    const reused = await app.inject({ method: "POST", url: `${BASE}/complete`, headers: superAdmin, payload: { code, state } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe("oauth_state_used");

    const test = await app.inject({ method: "POST", url: `${BASE}/test-connection`, headers: superAdmin });
    expect(test.json()).toMatchObject({ ok: true, error: null });
    const refreshed = await app.inject({ method: "POST", url: `${BASE}/refresh`, headers: superAdmin });
    expect(refreshed.json()).toMatchObject({ version: 2, location: "us" });
    expect((await app.inject({ method: "POST", url: `${BASE}/rotate`, headers: superAdmin })).json()).toMatchObject({ reencrypted: 0 });
    const gone = await app.inject({ method: "POST", url: `${BASE}/disconnect`, headers: superAdmin });
    expect(gone.json()).toEqual({ revoked: true });
    const again = await app.inject({ method: "POST", url: `${BASE}/disconnect`, headers: superAdmin });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("zoho_not_connected");
  });
});

describe("the redirect flow", () => {
  async function redirectFromZoho(location: string): Promise<string> {
    const start = await app.inject({ method: "POST", url: `${BASE}/authorize-url`, headers: superAdmin, payload: { location } });
    const res = await fetch(start.json<{ url: string }>().url, { redirect: "manual" });
    const target = new URL(res.headers.get("location")!);
    expect(target.pathname).toBe("/auth/zoho/callback");
    return `${target.pathname}${target.search}`;
  }

  it("when Zoho sends the browser back, then the callback connects without a bearer token and returns to the integrations page", async () => {
    const callback = await redirectFromZoho("eu");
    const res = await app.inject({ method: "GET", url: callback });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/#/integrations?connected=1&location=eu");
    const status = await app.inject({ method: "GET", url: `${BASE}/status`, headers: superAdmin });
    expect(status.json()).toMatchObject({ connected: true, location: "eu", authenticatedBy: "root@example.com" });

    const replay = await app.inject({ method: "GET", url: callback });
    expect(replay.headers.location).toBe("/#/integrations?error=oauth_state_used");
  });

  it("when the redirect's accounts server is not a Zoho data centre, then nothing is exchanged and the page shows bad_request", async () => {
    const callback = new URL(await redirectFromZoho("us"), "http://gateway");
    callback.searchParams.set("accounts-server", "https://accounts.evil.example");
    const tokenCalls = h.sim.counters().requests.token;
    const res = await app.inject({ method: "GET", url: `${callback.pathname}${callback.search}` });
    expect(res.headers.location).toBe("/#/integrations?error=bad_request");
    expect(h.sim.counters().requests.token).toBe(tokenCalls);
  });

  it.each([
    ["the user denied consent", "?error=access_denied", "access_denied"],
    ["the code is missing", "?state=abc", "oauth_state_invalid"],
    ["the state is forged", "?code=1000.x.y&state=forged", "oauth_state_invalid"],
  ])("when %s, then the browser returns to the page with an error code", async (_label, query, code) => {
    const res = await app.inject({ method: "GET", url: `/auth/zoho/callback${query}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/#/integrations?error=${code}`);
  });
});
