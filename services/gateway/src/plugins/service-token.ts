// Authentication for machine callers (the seed's cron: `Authorization: Bearer <SERVICE_TOKEN>`).
// Compared in constant time on SHA-256 digests, so neither the content nor the length of the
// configured token can be learned from response times.
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@cliq/contracts";
import type { onRequestAsyncHookHandler } from "fastify";
import { bearerToken } from "./auth.ts";

/** Who a service-token call is recorded as (audit log, rate limiting). */
export const SERVICE_CALLER = { id: "service-token", roles: ["service"] };

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function serviceTokenMatches(expected: string | undefined, presented: string): boolean {
  // Compare even when no token is configured, so "not configured" takes the same time as "wrong".
  const same = timingSafeEqual(digest(expected ?? ""), digest(presented));
  return expected !== undefined && same;
}

/** Route-level onRequest hook: the caller must present the configured service token. */
export function requireServiceToken(expected: string | undefined): onRequestAsyncHookHandler {
  return async (request) => {
    const presented = bearerToken(request.headers.authorization);
    if (!serviceTokenMatches(expected, presented)) {
      throw new AppError("unauthenticated", "invalid service token: this route takes the gateway's SERVICE_TOKEN, not a user token");
    }
    request.user = { ...SERVICE_CALLER, roles: [...SERVICE_CALLER.roles] };
  };
}
