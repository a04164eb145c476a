// Per-caller request budget: RATE_LIMIT_PER_MINUTE per user (per IP when anonymous), counted in
// Redis so every gateway replica shares one budget. Over budget → 429 `rate_limited` with the
// standard error body and Retry-After. If Redis is unreachable requests are let through (the
// client's error events are logged by main.ts): the limit must not become an outage of its own.
import fastifyRateLimit from "@fastify/rate-limit";
import { AppError } from "@cliq/contracts";
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { Redis } from "ioredis";

export type RateLimitOptions = {
  perMinute: number;
  /** Absent: counters live in this process. */
  redis?: Redis;
  /** Redis key prefix; one per deployment. */
  namespace: string;
};

export function rateLimitKey(request: FastifyRequest): string {
  return request.user === null ? `ip:${request.ip}` : `user:${request.user.id}`;
}

/**
 * Registers the limiter on the root instance and returns the onRequest hook to add to each scope
 * that is limited (/api, /functions), after identifyCaller and before the auth guard — so
 * refused tokens are counted (per IP) too.
 */
export async function createRateLimitHook(app: FastifyInstance, opts: RateLimitOptions): Promise<onRequestAsyncHookHandler> {
  await app.register(fastifyRateLimit, {
    // Not per route (those hooks would run after the auth guard): the scopes add the returned hook.
    global: false,
    max: opts.perMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    skipOnError: true,
    ...(opts.redis === undefined ? {} : { redis: opts.redis, nameSpace: opts.namespace }),
    errorResponseBuilder: (_request, context) =>
      new AppError("rate_limited", `too many requests: at most ${context.max} per minute; retry in ${context.after}`, {
        limitPerMinute: context.max,
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  const limit = app.rateLimit();
  return async function (request, reply) {
    // `config: { rateLimit: false }` exempts a route.
    if (request.routeOptions.config.rateLimit === false) return;
    await limit.call(this, request, reply);
  };
}
