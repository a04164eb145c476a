// Builds the real gateway app for inject() tests with a known secret, silent or captured logs,
// and a command client of our own interface (no NATS) unless a test passes a real one.
import { Writable } from "node:stream";
import { AppError, type CommandReplyData } from "@cliq/contracts";
import type { Db } from "@cliq/db";
import { createLogger, type CommandClient, type Logger, type Publisher } from "@cliq/runtime";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { buildGatewayApp } from "../app.ts";
import type { AuditEntry } from "../audit/audit-entry.ts";
import type { AuditTrail } from "../audit/audit-trail.ts";
import { createJwtVerifier, type JwtVerifier } from "../auth/jwt-verifier.ts";
import { signDevToken } from "../auth/dev-token.ts";
import { loadGatewayConfig, type GatewayConfig } from "../config.ts";
import type { GatewayRoutes, ReadinessChecks } from "../deps.ts";
import type { LiveEvent, LiveEventSource } from "../live/live-events.ts";
import { COMMAND_EXAMPLES } from "../openapi/examples.ts";
import { API_ROUTES } from "../routes/index.ts";
import type { Role } from "../plugins/auth.ts";

export const TEST_SECRET = "test-secret-for-gateway-tests-0123456789";

export function testConfig(env: Record<string, string> = {}): GatewayConfig {
  return loadGatewayConfig({ JWT_SECRET: TEST_SECRET, LOG_LEVEL: "silent", ...env });
}

export const unusedCommands: CommandClient = {
  request: async () => {
    throw new AppError("service_unavailable", "this test has no command client");
  },
};

export const unusedEvents: Publisher = {
  publish: async () => {
    throw new AppError("service_unavailable", "this test has no event publisher");
  },
};

/**
 * Our CommandClient answering every command with its documented example (a valid reply), so
 * inject() tests exercise routes end to end and assert only what the gateway itself decides.
 */
export const exampleCommands: CommandClient = {
  request: async (name) => structuredClone(COMMAND_EXAMPLES[name]) as CommandReplyData<typeof name>,
};

/** A publisher that accepts every event and keeps it. */
export function recordingEvents(): Publisher & { published: { name: string; data: unknown }[] } {
  const published: { name: string; data: unknown }[] = [];
  return {
    published,
    publish: async (name, data, opts) => {
      published.push({ name, data });
      return { id: opts?.id ?? crypto.randomUUID(), type: name, occurredAt: new Date().toISOString(), source: "test", data };
    },
  };
}

/** Keeps audit entries in memory. */
export function memoryAuditTrail(): AuditTrail & { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return {
    entries,
    async record(e) {
      entries.push(e);
    },
    async list(q) {
      return entries
        .map((e, i) => ({ ...e, id: String(i + 1), createdAt: new Date(0).toISOString() }))
        .reverse()
        .slice(0, q.limit);
    },
  };
}

/** A live-event source with the given stored events; follow() yields those after the position, then ends. */
export function fixedLiveEvents(events: readonly LiveEvent[] = []): LiveEventSource {
  return {
    heads: async () => ({ sync: 0, mapping: 0 }),
    async *follow(after) {
      for (const e of events) if (e.seq > after[e.stream]) yield e;
    },
  };
}

/** No database: any use is a 503, so a test that needs one says so. */
export const unusedDb = new Proxy({}, {
  get: () => {
    throw new AppError("service_unavailable", "this test has no database");
  },
}) as Db;

/** A database holding no mappings (what the scheduled sweep reads), for inject() tests. */
export const emptyMappingsDb = { zohoChannelMapping: { findMany: async () => [] } } as unknown as Db;

/** A logger whose JSON lines are kept in `lines`, for asserting what was (and was not) logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter((l) => l !== ""));
      done();
    },
  });
  return { logger: createLogger({ service: "gateway-test", level: "info", destination }), lines };
}

export type TestGatewayOptions = {
  routes?: readonly GatewayRoutes[];
  commands?: CommandClient;
  events?: Publisher;
  checks?: ReadinessChecks;
  env?: Record<string, string>;
  logger?: Logger;
  auth?: JwtVerifier;
  db?: Db;
  audit?: AuditTrail;
  liveEvents?: LiveEventSource;
  rateLimitRedis?: Redis;
};

export async function buildTestGateway(opts: TestGatewayOptions = {}): Promise<FastifyInstance> {
  const config = testConfig(opts.env);
  return buildGatewayApp(
    {
      config,
      logger: opts.logger ?? createLogger({ service: "gateway-test", level: "silent" }),
      commands: opts.commands ?? unusedCommands,
      events: opts.events ?? unusedEvents,
      auth: opts.auth ?? createJwtVerifier({ secret: TEST_SECRET, rolesClaim: config.JWT_ROLES_CLAIM }),
      checks: opts.checks ?? {},
      db: opts.db ?? unusedDb,
      audit: opts.audit ?? memoryAuditTrail(),
      liveEvents: opts.liveEvents ?? fixedLiveEvents(),
      ...(opts.rateLimitRedis === undefined ? {} : { rateLimitRedis: opts.rateLimitRedis }),
    },
    // A test may name a module that API_ROUTES already mounts; mount each module once.
    { routes: [...new Set([...API_ROUTES, ...(opts.routes ?? [])])] },
  );
}

export async function tokenFor(roles: Role[], sub = "user@example.com", ttl = "5m"): Promise<string> {
  return signDevToken({ secret: TEST_SECRET, sub, roles, ttl, rolesClaim: "roles" });
}

export async function authHeader(roles: Role[] = ["backend"], sub?: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(roles, sub)}` };
}
