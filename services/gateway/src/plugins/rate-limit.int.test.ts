// Per-user rate limits counted in the real Redis (own key namespace via the subject prefix):
// the budget is per user (per IP when anonymous, bad tokens included), shared by replicas, and
// answered with the standard error body; an unreachable Redis lets requests through.
import { REDIS_URL, uniqueId } from "@cliq/testkit";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authHeader, buildTestGateway } from "../test-fixtures/gateway.ts";

const LIMIT = 3;
let redis: Redis;
let replicaA: FastifyInstance;
let replicaB: FastifyInstance;
const env = { RATE_LIMIT_PER_MINUTE: String(LIMIT), SUBJECT_PREFIX: uniqueId("gwrl") };

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  replicaA = await buildTestGateway({ env, rateLimitRedis: redis });
  replicaB = await buildTestGateway({ env, rateLimitRedis: redis });
});
afterAll(async () => {
  await replicaA.close();
  await replicaB.close();
  const keys = await redis.keys(`${env.SUBJECT_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe("rate limits", () => {
  it("when a user exceeds the budget across two replicas, then 429 rate_limited with Retry-After; another user is unaffected", async () => {
    const alice = await authHeader(["backend"], "alice@example.com");
    const statuses: number[] = [];
    for (const app of [replicaA, replicaB, replicaA]) statuses.push((await app.inject({ method: "GET", url: "/api/me", headers: alice })).statusCode);
    expect(statuses).toEqual([200, 200, 200]);

    const over = await replicaB.inject({ method: "GET", url: "/api/me", headers: alice });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({
      error: { code: "rate_limited", message: expect.stringContaining(`at most ${LIMIT} per minute`), details: { limitPerMinute: LIMIT, retryAfterSeconds: expect.any(Number) } },
    });
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect(over.headers["x-ratelimit-limit"]).toBe(String(LIMIT));

    const bob = await replicaA.inject({ method: "GET", url: "/api/me", headers: await authHeader(["backend"], "bob@example.com") });
    expect(bob.statusCode).toBe(200);
  });

  it("when anonymous callers or bad tokens flood, then they are limited per IP", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      const headers = i % 2 === 0 ? {} : { authorization: "Bearer not.a.token" };
      statuses.push((await replicaA.inject({ method: "GET", url: "/api/zoho-mappings", headers, remoteAddress: "203.0.113.9" })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const otherIp = await replicaA.inject({ method: "GET", url: "/api/zoho-mappings", remoteAddress: "203.0.113.10" });
    expect(otherIp.statusCode).toBe(401);
  });

  it("when health is probed, then it is never limited", async () => {
    for (let i = 0; i < LIMIT + 2; i++) expect((await replicaA.inject({ method: "GET", url: "/healthz", remoteAddress: "203.0.113.11" })).statusCode).toBe(200);
  });

  it("when Redis is unreachable, then requests are let through", async () => {
    const down = new Redis("redis://127.0.0.1:1", { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    down.on("error", () => undefined);
    const app = await buildTestGateway({ env, rateLimitRedis: down });
    try {
      const headers = await authHeader(["backend"], "carol@example.com");
      for (let i = 0; i < LIMIT + 2; i++) expect((await app.inject({ method: "GET", url: "/api/me", headers })).statusCode).toBe(200);
    } finally {
      await app.close();
      down.disconnect();
    }
  });
});
