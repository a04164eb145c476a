// What the whole-app tests (access table, fuzz) need to call any route validly: the app with
// stand-ins that answer everything, concrete URLs for route patterns, a valid body per route
// that takes one, and the callers (no token, each kind of role, the service token).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { EXAMPLE } from "../openapi/examples.ts";
import type { RouteEntry } from "../plugins/route-catalog.ts";
import { buildTestGateway, emptyMappingsDb, exampleCommands, fixedLiveEvents, recordingEvents, tokenFor } from "./gateway.ts";

export const SERVICE_TOKEN = "svc-token-for-gateway-tests-0123456789";

/** The real app, every command answered with a valid reply, rate limits out of the way. */
export async function buildAnsweringGateway(env: Record<string, string> = {}): Promise<FastifyInstance> {
  return buildTestGateway({
    commands: exampleCommands,
    events: recordingEvents(),
    db: emptyMappingsDb,
    liveEvents: fixedLiveEvents(),
    env: { SERVICE_TOKEN, RATE_LIMIT_PER_MINUTE: "1000000", ...env },
  });
}

export const routeKey = (r: Pick<RouteEntry, "method" | "url">) => `${r.method} ${r.url}`;

const CONSOLE_ROOT = fileURLToPath(new URL("../../public/", import.meta.url));

/** A static file of the admin console (services/gateway/public, served as is, public). */
export function isConsoleFile(r: RouteEntry): boolean {
  if (r.method !== "GET") return false;
  if (r.url === "/") return true;
  const path = join(CONSOLE_ROOT, r.url);
  return path.startsWith(CONSOLE_ROOT) && existsSync(path) && statSync(path).isFile();
}

const PARAM_VALUES: Record<string, string> = {
  id: EXAMPLE.mappingId,
  clientId: EXAMPLE.clientId,
  roomId: EXAMPLE.roomId,
};

/** The route's pattern with a valid value for each parameter (`*` → a file name). */
export function urlFor(pattern: string, params: Record<string, string> = {}): string {
  return pattern
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? PARAM_VALUES[name] ?? EXAMPLE.mappingId))
    .replace("*", "index.html");
}

export function paramNames(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** A valid body for each route that requires one (others take none). */
export const VALID_BODIES: Record<string, Record<string, unknown>> = {
  "POST /api/integrations/zoho-cliq/complete": { code: "1000.5d3c1f0e9b8a", state: "st_8f2a" },
  "POST /api/integrations/zoho-cliq/authorize-url": { location: "eu" },
  "POST /api/clients/:clientId/rooms/:roomId/zoho-mapping": { zohoChannelId: EXAMPLE.channelId, backfillDays: 7 },
  "POST /functions/v1/zoho-sync-trigger": { mappingId: EXAMPLE.mappingId },
};

export type Caller = "none" | "backend" | "super_admin" | "other" | "service";
export const CALLERS: readonly Caller[] = ["none", "backend", "super_admin", "other", "service"];

/** Authorization headers per caller; "other" holds every role that is neither super_admin nor backend. */
export async function callerHeaders(): Promise<Record<Caller, Record<string, string>>> {
  return {
    none: {},
    backend: { authorization: `Bearer ${await tokenFor(["backend"], "backend@example.com")}` },
    super_admin: { authorization: `Bearer ${await tokenFor(["super_admin"], "admin@example.com")}` },
    other: { authorization: `Bearer ${await tokenFor(["admin", "manager", "user"], "member@example.com")}` },
    service: { authorization: `Bearer ${SERVICE_TOKEN}` },
  };
}
