// Who may call what, for EVERY route the app serves (enumerated from the app itself): a route
// added without an entry below fails this test, and so does an entry whose route is gone.
// Commands are answered by our stand-in CommandClient with valid replies, so the difference
// between 2xx and 401/403 is decided by the gateway's guards alone.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteEntry } from "../plugins/route-catalog.ts";
import { buildAnsweringGateway, callerHeaders, CALLERS, isConsoleFile, routeKey, urlFor, VALID_BODIES, type Caller } from "../test-fixtures/routes.ts";

/**
 * public: anyone, the same answer whoever asks · authenticated: any valid user token ·
 * staff: super_admin or backend · super_admin: super admins only · service: SERVICE_TOKEN only.
 */
type Access = "public" | "authenticated" | "staff" | "super_admin" | "service";

const EXPECTED_ACCESS: Record<string, Access> = {
  "GET /healthz": "public",
  "GET /readyz": "public",
  "GET /docs": "public",
  "GET /docs/json": "public",
  "GET /docs/yaml": "public",
  "GET /docs/static/index.html": "public",
  "GET /docs/static/swagger-initializer.js": "public",
  "GET /docs/static/*": "public",
  "GET /auth/zoho/callback": "public",

  "GET /api/me": "authenticated",

  "GET /api/integrations/zoho-cliq/status": "staff",
  "POST /api/integrations/zoho-cliq/authorize-url": "super_admin",
  "POST /api/integrations/zoho-cliq/complete": "super_admin",
  "POST /api/integrations/zoho-cliq/test-connection": "super_admin",
  "POST /api/integrations/zoho-cliq/refresh": "super_admin",
  "POST /api/integrations/zoho-cliq/disconnect": "super_admin",
  "POST /api/integrations/zoho-cliq/rotate": "super_admin",

  "GET /api/zoho-cliq/channels": "staff",
  "GET /api/clients": "staff",
  "GET /api/clients/:clientId/rooms": "staff",
  "POST /api/clients/:clientId/rooms/:roomId/zoho-mapping": "staff",
  "DELETE /api/clients/:clientId/rooms/:roomId/zoho-mapping": "staff",
  "POST /api/clients/:clientId/rooms/:roomId/zoho-mapping/pause": "staff",
  "POST /api/clients/:clientId/rooms/:roomId/zoho-mapping/resume": "staff",
  "GET /api/zoho-mappings": "staff",
  "GET /api/zoho-mappings/:id": "staff",
  "GET /api/zoho-mappings/:id/jobs": "staff",
  "GET /api/zoho-sync-jobs/:id": "staff",
  "POST /api/zoho-mappings/:id/sync": "staff",
  "POST /api/zoho-sync-jobs/:id/retry": "staff",
  "GET /api/events": "staff",
  "GET /api/audit-log": "super_admin",

  "POST /functions/v1/zoho-sync": "service",
  "POST /functions/v1/zoho-test-connection": "super_admin",
  "POST /functions/v1/zoho-refresh-tokens": "super_admin",
  "GET /functions/v1/zoho-channels": "staff",
  "POST /functions/v1/zoho-sync-trigger": "staff",
};

const OK = "2xx";
const ALLOWED: Record<Exclude<Access, "public">, Record<Caller, typeof OK | 401 | 403>> = {
  authenticated: { none: 401, backend: OK, super_admin: OK, other: OK, service: 401 },
  staff: { none: 401, backend: OK, super_admin: OK, other: 403, service: 401 },
  super_admin: { none: 401, backend: 403, super_admin: OK, other: 403, service: 401 },
  service: { none: 401, backend: 401, super_admin: 401, other: 401, service: OK },
};

let app: FastifyInstance;
let headers: Record<Caller, Record<string, string>>;
let routes: RouteEntry[];

beforeAll(async () => {
  app = await buildAnsweringGateway();
  await app.ready();
  headers = await callerHeaders();
  routes = app.routeCatalog.filter((r) => !isConsoleFile(r));
});
afterAll(async () => {
  await app.close();
});

async function call(route: RouteEntry, caller: Caller) {
  const body = VALID_BODIES[routeKey(route)];
  const res = await app.inject({
    method: route.method as "GET",
    url: urlFor(route.url),
    headers: headers[caller],
    ...(body === undefined ? {} : { payload: body }),
  });
  return { status: res.statusCode, body: res.body };
}

describe("access to every route", () => {
  it("when the app's routes are listed, then each has an expected-access entry and each entry is a route", () => {
    const served = routes.map(routeKey).sort();
    expect(served.filter((k) => !(k in EXPECTED_ACCESS)), "routes without an entry in EXPECTED_ACCESS").toEqual([]);
    expect(Object.keys(EXPECTED_ACCESS).filter((k) => !served.includes(k)), "entries for routes the app does not serve").toEqual([]);
  });

  it("when the admin console's files are requested, then they are public like every static file", async () => {
    const files = app.routeCatalog.filter(isConsoleFile);
    expect(files.length).toBeGreaterThan(0);
    for (const route of files) {
      const answers = await Promise.all(CALLERS.map((c) => call(route, c)));
      expect(answers.map((a) => a.status), routeKey(route)).toEqual(CALLERS.map(() => answers[0]?.status));
      expect([401, 403], routeKey(route)).not.toContain(answers[0]?.status);
    }
  });

  it("when each route is called by each kind of caller, then exactly the expected ones get through", async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const access = EXPECTED_ACCESS[routeKey(route)];
      if (access === undefined) continue; // reported by the first test
      for (const caller of CALLERS) {
        const { status, body } = await call(route, caller);
        const got = status >= 200 && status < 400 ? OK : status;
        if (access === "public") {
          if (status === 401 || status === 403 || status >= 500) mismatches.push(`${routeKey(route)} as ${caller}: ${status} ${body.slice(0, 200)}`);
          continue;
        }
        const want = ALLOWED[access][caller];
        if (got !== want) mismatches.push(`${routeKey(route)} as ${caller}: expected ${want}, got ${status} ${body.slice(0, 200)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("when refused, then the body is the standard error with unauthenticated or forbidden", async () => {
    const route = routes.find((r) => routeKey(r) === "GET /api/audit-log") as RouteEntry;
    const anonymous = await call(route, "none");
    const backend = await call(route, "backend");
    expect(JSON.parse(anonymous.body)).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("missing bearer token") } });
    expect(JSON.parse(backend.body)).toEqual({ error: { code: "forbidden", message: "this action needs one of the roles: super_admin" } });
  });
});
