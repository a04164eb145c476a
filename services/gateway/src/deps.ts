// What the gateway is built from. Everything is passed in explicitly, so tests build the same
// app with their own verifier, command client and checks, and nothing reads process.env here.
import type { CommandClient, Logger, Publisher } from "@cliq/runtime";
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { JwtVerifier } from "./auth/jwt-verifier.ts";
import type { GatewayConfig } from "./config.ts";

/** Readiness checks by name; each resolves when its dependency is usable and throws otherwise. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

export type GatewayDeps = {
  config: GatewayConfig;
  logger: Logger;
  commands: CommandClient;
  /** Publishes events the gateway originates (sync.requested for manual runs and retries). */
  events: Publisher;
  auth: JwtVerifier;
  checks: ReadinessChecks;
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
