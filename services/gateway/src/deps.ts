// What the gateway is built from. Everything is passed in explicitly, so tests build the same
// app with their own verifier, command client and checks, and nothing reads process.env here.
import type { Db } from "@cliq/db";
import type { CommandClient, Logger, Publisher } from "@cliq/runtime";
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Redis } from "ioredis";
import type { AuditTrail } from "./audit/audit-trail.ts";
import type { JwtVerifier } from "./auth/jwt-verifier.ts";
import type { GatewayConfig } from "./config.ts";
import type { LiveEventSource } from "./live/live-events.ts";

/** Readiness checks by name; each resolves when its dependency is usable and throws otherwise. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

export type GatewayDeps = {
  config: GatewayConfig;
  logger: Logger;
  commands: CommandClient;
  /** Publishes events the gateway originates (sync.requested for manual, retry and swept runs). */
  events: Publisher;
  auth: JwtVerifier;
  checks: ReadinessChecks;
  /** Read-only use of other services' tables (the scheduled sweep reads the mappings). */
  db: Db;
  /** Where state-changing calls are recorded (audit_log, which the gateway owns). */
  audit: AuditTrail;
  /** The SYNC and MAPPING streams, for GET /api/events. */
  liveEvents: LiveEventSource;
  /** Shared rate-limit counters; absent: counted per process (one replica only). */
  rateLimitRedis?: Redis;
};

/** A Fastify instance whose routes take zod schemas (request types inferred from them). */
export type GatewayApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * A module of routes mounted under /api. Every route there is authenticated; restrict one to
 * roles with `config: { roles: ["super_admin", "backend"] }`.
 */
export type GatewayRoutes = (api: GatewayApp, deps: GatewayDeps) => Promise<void>;
