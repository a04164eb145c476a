// Builds the real gateway app for inject() tests with a known secret, silent or captured logs,
// and a command client of our own interface (no NATS) unless a test passes a real one.
import { Writable } from "node:stream";
import { AppError } from "@cliq/contracts";
import { createLogger, type CommandClient, type Logger, type Publisher } from "@cliq/runtime";
import type { FastifyInstance } from "fastify";
import { buildGatewayApp } from "../app.ts";
import { createJwtVerifier, type JwtVerifier } from "../auth/jwt-verifier.ts";
import { signDevToken } from "../auth/dev-token.ts";
import { loadGatewayConfig, type GatewayConfig } from "../config.ts";
import type { GatewayRoutes, ReadinessChecks } from "../deps.ts";
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
