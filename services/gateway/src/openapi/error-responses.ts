// The error answers each route can give, added to the OpenAPI document (not to the route's
// serializer): every error body is `{ error: { code, message, details? } }`, grouped by status,
// one example per code. General codes come from how the route is guarded; domain codes from the
// route's `config.errors`.
import { ERROR_HTTP_STATUS, errorBodySchema, type ErrorCode } from "@cliq/contracts";
import { z } from "zod";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Domain error codes this route may answer with (documented in /docs). */
    errors?: readonly ErrorCode[];
  }
}

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  validation_failed: "body.zohoChannelId: a Zoho channel id such as T4000000040005",
  bad_request: "Body is not valid JSON but content-type is set to 'application/json'",
  unauthenticated: "missing bearer token: send 'Authorization: Bearer <jwt>'",
  forbidden: "this action needs one of the roles: super_admin, backend",
  rate_limited: "too many requests: at most 300 per minute; retry in 12 seconds",
  payload_too_large: "Request body is too large",
  internal: "internal error; it has been logged",
  service_unavailable: "cmd.mapping.get has no responders",
  timeout: "cmd.channels.list did not reply within 30000 ms",
  mapping_not_found: "mapping 6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f does not exist",
  job_not_found: "sync job 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d does not exist",
  mapping_paused: "mapping 6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f is paused; resume it before syncing",
  job_not_retryable: "job 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d is completed; only failed jobs can be retried",
  channel_already_mapped: "channel #support-acme is already mapped to room Support of client Acme GmbH",
  room_already_mapped: "room Support already has a Zoho Cliq mapping",
  zoho_not_connected: "Zoho Cliq is not connected: a super admin must connect it first",
};

/** Added once to the document's components; every error response refers to it. */
export const ERROR_RESPONSE_COMPONENT: Record<string, object> = {
  ErrorResponse: z.toJSONSchema(z.object({ error: errorBodySchema }), { target: "openapi-3.0" }),
};
const errorResponseSchema = { $ref: "#/components/schemas/ErrorResponse" };

export type GuardInfo = { hasInput: boolean; authenticated: boolean; roles: boolean; rateLimited: boolean; errors: readonly ErrorCode[] };

export function errorCodesFor(route: GuardInfo): ErrorCode[] {
  const codes: ErrorCode[] = route.hasInput ? ["validation_failed", "bad_request"] : [];
  if (route.authenticated) codes.push("unauthenticated");
  if (route.roles) codes.push("forbidden");
  if (route.rateLimited) codes.push("rate_limited");
  codes.push(...route.errors, "internal", "service_unavailable");
  return [...new Set(codes)];
}

type MediaResponse = { description: string; content: { "application/json": { schema: unknown; examples: Record<string, { value: unknown }> } } };

/** OpenAPI response objects by status for the route's error codes. */
export function errorResponsesFor(route: GuardInfo): Record<string, MediaResponse> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesFor(route)) {
    const status = ERROR_HTTP_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, MediaResponse> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: `Error: ${codes.join(", ")}`,
      content: {
        "application/json": {
          schema: errorResponseSchema,
          examples: Object.fromEntries(codes.map((code) => [code, { value: { error: { code, message: MESSAGES[code] ?? code.replaceAll("_", " ") } } }])),
        },
      },
    };
  }
  return out;
}
