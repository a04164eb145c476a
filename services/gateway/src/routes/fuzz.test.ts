// Bad input against EVERY route the app serves (enumerated from the app): malformed JSON, wrong
// types, missing and unknown fields, huge bodies, bad ids, bad query strings and bad tokens.
// Never a 5xx; every refusal is `{ error: { code, message, details? } }` with a contract code
// whose status is the one answered. Generation is seeded (same requests every run) and bounded.
import { ERROR_CODES, httpStatusFor, type ErrorCode } from "@cliq/contracts";
import type { FastifyInstance, InjectOptions } from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteEntry } from "../plugins/route-catalog.ts";
import { TEST_SECRET, tokenFor } from "../test-fixtures/gateway.ts";
import { buildAnsweringGateway, isConsoleFile, paramNames, routeKey, SERVICE_TOKEN, urlFor, VALID_BODIES } from "../test-fixtures/routes.ts";

const SEED = 20_260_105;
const CASES_PER_ROUTE = 14;
const BODY_LIMIT = 4_096;

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Case = { label: string; request: InjectOptions };

const BAD_IDS = ["", "null", "0", "-1", "../../etc/passwd", "%00", "%zz", "1 OR 1=1", "😀", "x".repeat(300), "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5", "6F1C2D3E4B5A4C7D8E9F0A1B2C3D4E5F", "{}", "[]"];
const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, true, "", "x".repeat(5_000), [], {}, ["a"], { $gt: "" }, "T' OR '1'='1"];
const BAD_QUERIES = ["limit=abc", "limit=-5", "limit=1e9", "clientId=not-a-uuid", "joined=maybe", "refresh=2", "status=deleted", "before=yesterday", "unknown=1", "a=1&a=2", `search=${"s".repeat(500)}`, "lastEventId=sync:x", "clientId[]=1", "%zz=1"];

async function badTokens(): Promise<string[]> {
  const expired = await tokenFor(["super_admin"], "admin@example.com", "-1m").catch(() => "expired.token.x");
  const wrongSecret = await new SignJWT({ roles: ["super_admin"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("admin@example.com")
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(`${TEST_SECRET}-other`));
  const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","roles":["super_admin"]}').toString("base64url")}.`;
  return ["Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer a.b.c", `Bearer ${"A".repeat(8_000)}`, `Bearer ${expired}`, `Bearer ${wrongSecret}`, `Bearer ${none}`, "Bearer ünïcödé", `Bearer ${SERVICE_TOKEN}x`];
}

function casesFor(route: RouteEntry, rnd: () => number, auth: string, tokens: string[]): Case[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const key = routeKey(route);
  const url = urlFor(route.url);
  const method = route.method as "GET";
  const headers = { authorization: auth };
  const valid = VALID_BODIES[key] ?? {};
  const json = (payload: string, extra: Record<string, string> = {}): InjectOptions => ({ method, url, headers: { ...headers, "content-type": "application/json", ...extra }, payload });
  const cases: Case[] = [];

  for (let i = 0; i < 3; i++) cases.push({ label: "bad token", request: { method, url, headers: { authorization: pick(tokens) } } });
  const validJson = JSON.stringify(valid);
  cases.push({ label: "truncated JSON", request: json(validJson.slice(0, 1 + Math.floor(rnd() * (validJson.length - 1)))) });
  cases.push({ label: "JSON garbage", request: json(pick(["{", "}", "[1,", '{"a":}', "nul", "\u0000", '{"a":1}{"b":2}', "'single'"])) });
  cases.push({ label: "empty JSON body", request: json("") });
  cases.push({ label: "wrong content type", request: { method, url, headers: { ...headers, "content-type": pick(["text/plain", "application/xml", "multipart/form-data; boundary=x"]) }, payload: "a=1" } });
  cases.push({ label: "huge body", request: json(JSON.stringify({ ...valid, pad: "p".repeat(BODY_LIMIT + Math.floor(rnd() * 4_096)) })) });
  cases.push({ label: "body is not an object", request: json(JSON.stringify(pick([null, 42, "text", [valid], true]))) });
  cases.push({ label: "unknown field", request: json(JSON.stringify({ ...valid, [pick(["__proto__", "constructor", "extra", "isAdmin", "actor"])]: pick(WRONG_VALUES) })) });
  for (const field of Object.keys(valid)) {
    const { [field]: _dropped, ...rest } = valid;
    cases.push({ label: `missing ${field}`, request: json(JSON.stringify(rest)) });
    cases.push({ label: `wrong type for ${field}`, request: json(JSON.stringify({ ...valid, [field]: pick(WRONG_VALUES) })) });
  }
  for (const param of paramNames(route.url)) {
    const bad = pick(BAD_IDS);
    // Some ids are sent raw (bad URL encoding must still get the standard error body).
    const value = rnd() < 0.3 ? bad : encodeURIComponent(bad);
    const badUrl = route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => (name === param ? value : encodeURIComponent(urlFor(`:${name}`))));
    cases.push({ label: `bad id ${param}=${bad.slice(0, 20)}`, request: { method, url: badUrl, headers, ...(VALID_BODIES[key] === undefined ? {} : { payload: valid }) } });
  }
  for (let i = 0; i < 2; i++) {
    const q = pick(BAD_QUERIES);
    cases.push({ label: `query ${q.slice(0, 30)}`, request: { method, url: `${url}?${q}`, headers, ...(VALID_BODIES[key] === undefined ? {} : { payload: valid }) } });
  }
  // Seeded shuffle, then a bounded number per route.
  for (let i = cases.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [cases[i], cases[j]] = [cases[j] as Case, cases[i] as Case];
  }
  return cases.slice(0, CASES_PER_ROUTE);
}

function problemWith(status: number, body: string): string | null {
  if (status >= 500) return `server error ${status}`;
  if (status < 400) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "error body is not JSON";
  }
  const error = (parsed as { error?: Record<string, unknown> }).error;
  if (error === undefined || Object.keys(parsed as object).length !== 1) return "body is not { error }";
  if (Object.keys(error).some((k) => !["code", "message", "details"].includes(k))) return "error has unexpected keys";
  if (typeof error.message !== "string" || error.message === "") return "error.message missing";
  if (!(ERROR_CODES as readonly string[]).includes(error.code as string)) return `code ${String(error.code)} is not a contract code`;
  if (httpStatusFor(error.code as ErrorCode) !== status) return `code ${String(error.code)} does not map to ${status}`;
  return null;
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildAnsweringGateway({ BODY_LIMIT_BYTES: String(BODY_LIMIT) });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe("bad input on every route", () => {
  it("when routes get malformed, mistyped, oversized or unauthenticated requests, then none is a 5xx and every error is the standard body", async () => {
    const rnd = prng(SEED);
    const tokens = await badTokens();
    const admin = `Bearer ${await tokenFor(["super_admin"], "admin@example.com")}`;
    // Console files are plain static content: one of them stands for all.
    const routes = [...app.routeCatalog.filter((r) => !isConsoleFile(r)), ...app.routeCatalog.filter(isConsoleFile).slice(0, 1)];
    const problems: string[] = [];
    let sent = 0;
    for (const route of routes) {
      const auth = route.config.serviceToken === true ? `Bearer ${SERVICE_TOKEN}` : admin;
      for (const c of casesFor(route, rnd, auth, tokens)) {
        const res = await app.inject(c.request);
        sent++;
        const problem = problemWith(res.statusCode, res.body);
        if (problem !== null) problems.push(`${routeKey(route)} [${c.label}] → ${res.statusCode}: ${problem}: ${res.body.slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(200);
    expect(sent).toBeLessThan(700);
  });

  it("when a body carries an unknown field, then the 400 names it", async () => {
    const res = await app.inject({
      method: "POST",
      url: urlFor("/api/clients/:clientId/rooms/:roomId/zoho-mapping"),
      headers: { authorization: `Bearer ${await tokenFor(["backend"])}` },
      payload: { zohoChannelId: "T1", isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "validation_failed", message: expect.stringContaining("isAdmin") } });
  });

  it("when the client list gets a bad page size, page cursor or search, then the 400 names the parameter", async () => {
    const headers = { authorization: `Bearer ${await tokenFor(["backend"])}` };
    for (const [query, name] of [
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["after=not-a-uuid", "after"],
      [`search=${"x".repeat(101)}`, "search"],
    ] as const) {
      const res = await app.inject({ method: "GET", url: `/api/clients?${query}`, headers });
      expect([query, res.statusCode, res.json().error.code, res.json().error.message]).toEqual([query, 400, "validation_failed", expect.stringContaining(name)]);
    }
  });

  it("when a route that takes no input gets a field or a query parameter, then it is refused", async () => {
    const headers = { authorization: `Bearer ${await tokenFor(["backend"])}` };
    const body = await app.inject({ method: "POST", url: urlFor("/api/zoho-mappings/:id/sync"), headers, payload: { force: true } });
    const query = await app.inject({ method: "GET", url: "/api/me?debug=1", headers });
    expect([body.statusCode, body.json().error.code]).toEqual([400, "validation_failed"]);
    expect([query.statusCode, query.json().error.message]).toEqual([400, expect.stringContaining("debug")]);
  });
});
