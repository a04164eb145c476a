// Zoho's response bodies, in one place so every route answers with the same exact shapes
// (doc §1.6, §1.7, §3.2, §3.3).
import type { FastifyReply } from "fastify";
import type { RateLimitConfig } from "../types.ts";

export const INVALID_TOKEN = { code: "oauthtoken_invalid", message: "Invalid OAuth token passed." } as const;
export const SCOPE_INVALID = { code: "oauthtoken_scope_invalid" } as const;
export const URL_INVALID = { code: "request_url_invalid" } as const;
export const NO_ACCESS = {
  code: "inactive_appaccount_user",
  message: "The user does not have enough permission or possibly not an user of the respective organization to access the resource.",
} as const;
export const TOKEN_THROTTLED = {
  error_description: "You have made too many requests continuously. Please try again after some time.",
  error: "Access Denied",
  status: "failure",
} as const;

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header("content-type", "application/json;charset=UTF-8").send(JSON.stringify(body));
}

/** the Cliq throttle answer: observed 400 request_limit_exceeded or documented 429 (doc §3.2); never a Retry-After. */
export function sendCliqThrottle(reply: FastifyReply, limits: RateLimitConfig): FastifyReply {
  return limits.throttleStatus === 429
    ? sendJson(reply, 429, { message: "Too many requests within a certain time frame." })
    : sendJson(reply, 400, { code: "request_limit_exceeded", message: "You have exceeded the URL throttle limits." });
}

export function sendTokenThrottle(reply: FastifyReply, limits: RateLimitConfig): FastifyReply {
  return sendJson(reply, limits.tokenThrottleStatus, TOKEN_THROTTLED);
}

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}
