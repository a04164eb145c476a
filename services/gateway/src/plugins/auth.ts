// Bearer authentication and role checks. Every route in the /api scope is authenticated by
// default (secure unless a route opts out with `config: { public: true }`); a route restricts
// itself to roles with `config: { roles: [...] }` or the `requireRoles(...)` preHandler.
import { AppError, type ROLES } from "@cliq/contracts";
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler } from "fastify";
import { hasAnyRole } from "../domain/roles-claim.ts";
import type { AuthUser, JwtVerifier } from "../auth/jwt-verifier.ts";

/** A platform role (super_admin, backend, admin, manager, user). */
export type Role = (typeof ROLES)[number];

declare module "fastify" {
  interface FastifyRequest {
    /** The verified caller; null on public routes and before authentication. */
    user: AuthUser | null;
    /** Why the bearer token presented to identifyCaller was refused (thrown by the guard). */
    authError: unknown;
  }
  interface FastifyContextConfig {
    /** The caller needs at least one of these roles (403 `forbidden` otherwise). */
    roles?: readonly Role[];
    /** Skip authentication for this route (health-style endpoints only). */
    public?: boolean;
  }
}

/** Adds `request.user` (null until authenticated). Call once on the root instance. */
export function decorateUser(app: FastifyInstance): void {
  app.decorateRequest("user", null);
  app.decorateRequest("authError", null);
}

/**
 * Root onRequest hook: verifies a bearer token if one is sent, without refusing anything yet.
 * It runs before the rate limiter, so callers are counted per user (per IP when anonymous or
 * when the token is bad) and floods of bad tokens are limited too; the guard refuses later.
 */
export function identifyCaller(verifier: JwtVerifier): onRequestAsyncHookHandler {
  return async (request) => {
    if (request.headers.authorization === undefined) return;
    try {
      await authenticate(request, verifier);
    } catch (err) {
      request.authError = err;
    }
  };
}

const BEARER = /^Bearer ([A-Za-z0-9_~+/=.-]+)$/i;

/** The token from `Authorization: Bearer <jwt>`, or an `unauthenticated` error saying what is wrong. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === "") {
    throw new AppError("unauthenticated", "missing bearer token: send 'Authorization: Bearer <jwt>'");
  }
  const match = BEARER.exec(header.trim());
  if (match?.[1] === undefined) {
    throw new AppError("unauthenticated", "malformed Authorization header: expected 'Bearer <jwt>'");
  }
  return match[1];
}

export async function authenticate(request: FastifyRequest, verifier: JwtVerifier): Promise<AuthUser> {
  const user = await verifier.verify(bearerToken(request.headers.authorization));
  request.user = user;
  return user;
}

function assertRoles(user: AuthUser, allowed: readonly string[]): void {
  if (!hasAnyRole(user.roles, allowed)) {
    throw new AppError("forbidden", `this action needs one of the roles: ${allowed.join(", ")}`);
  }
}

/** onRequest hook for an authenticated scope: verifies the bearer token, then `config.roles`. */
export function authGuard(verifier: JwtVerifier): onRequestAsyncHookHandler {
  return async (request) => {
    const config = request.routeOptions.config;
    if (config.public === true) return;
    if (request.authError !== null) throw request.authError;
    const user = request.user ?? (await authenticate(request, verifier));
    if (config.roles !== undefined) assertRoles(user, config.roles);
  };
}

/** preHandler: the authenticated caller must hold at least one of `roles`. */
export function requireRoles(...roles: readonly Role[]): preHandlerAsyncHookHandler {
  return async (request) => {
    assertRoles(currentUser(request), roles);
  };
}

/** The verified caller of an authenticated route; 401 when there is none. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (request.user === null) throw new AppError("unauthenticated", "this route needs a signed-in user");
  return request.user;
}
