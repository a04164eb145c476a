// Secure-by-default input: a route in the API scopes that declares no body or querystring schema
// accepts none (`{}` strict), so an unknown field is a 400 naming it instead of being ignored.
// Routes that take input declare their own `.strict()` schemas.
import type { onRouteHookHandler } from "fastify";
import { z } from "zod";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Fastify validates a missing body as null (validation.js: `value === undefined ? null : value`),
// so "no body" must accept null; `.optional()` alone would refuse a plain `fetch(url, { method: "POST" })`.
const noBody = z.object({}).strict().nullish();
const noQuery = z.object({}).strict();

export const refuseUndeclaredInput: onRouteHookHandler = (route) => {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const schema = { ...(route.schema ?? {}) };
  if (schema.querystring === undefined) schema.querystring = noQuery;
  if (schema.body === undefined && methods.some((m) => BODY_METHODS.has(m))) schema.body = noBody;
  route.schema = schema;
};

