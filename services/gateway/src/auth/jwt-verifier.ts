// Verifies bearer JWTs with jose: HS256 with a shared secret, or asymmetric keys from a JWKS URL.
// Algorithms are pinned per mode so a token can never choose a weaker one ("none", or HS256
// signed with a public key). Every failure becomes an `unauthenticated` AppError whose message
// says what was wrong, never what the token was.
import { AppError } from "@cliq/contracts";
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import { readRolesClaim } from "../domain/roles-claim.ts";

export type AuthUser = { id: string; roles: string[] };

export type JwtVerifier = { verify(token: string): Promise<AuthUser> };

export type JwtVerifierOptions = {
  /** HS256 shared secret (at least 32 characters). Exactly one of secret / jwksUrl. */
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Dot path of the roles claim, e.g. "roles" or "app_metadata.roles". */
  rolesClaim: string;
  /** Allowed clock skew for exp/nbf, in seconds. */
  clockToleranceSec?: number;
};

export const HMAC_ALGORITHMS = ["HS256"];
export const JWKS_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

export function createJwtVerifier(opts: JwtVerifierOptions): JwtVerifier {
  const checks: JWTVerifyOptions = {
    clockTolerance: opts.clockToleranceSec ?? 5,
    ...(opts.issuer === undefined ? {} : { issuer: opts.issuer }),
    ...(opts.audience === undefined ? {} : { audience: opts.audience }),
  };
  const verifySignature = signatureVerifierFor(opts, checks);

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        payload = await verifySignature(token);
      } catch (err) {
        throw toAuthError(err);
      }
      if (typeof payload.sub !== "string" || payload.sub === "") {
        throw new AppError("unauthenticated", "token has no subject (sub claim)");
      }
      return { id: payload.sub, roles: readRolesClaim(payload, opts.rolesClaim) };
    },
  };
}

function signatureVerifierFor(opts: JwtVerifierOptions, checks: JWTVerifyOptions): (token: string) => Promise<JWTPayload> {
  if (opts.secret !== undefined && opts.jwksUrl === undefined) {
    const secret = new TextEncoder().encode(opts.secret);
    return async (token) => (await jwtVerify(token, secret, { ...checks, algorithms: HMAC_ALGORITHMS })).payload;
  }
  if (opts.jwksUrl !== undefined && opts.secret === undefined) {
    // createRemoteJWKSet caches keys and refetches on an unknown `kid` (with a cooldown).
    const keySet = createRemoteJWKSet(new URL(opts.jwksUrl));
    return async (token) => (await jwtVerify(token, keySet, { ...checks, algorithms: JWKS_ALGORITHMS })).payload;
  }
  throw new Error("JWT verifier needs exactly one of a secret or a JWKS URL");
}

function toAuthError(err: unknown): AppError {
  const unauthenticated = (message: string) => new AppError("unauthenticated", message);
  if (err instanceof errors.JWTExpired) return unauthenticated("token expired");
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "nbf") return unauthenticated("token not yet valid (nbf)");
    return unauthenticated(`token ${err.claim} claim invalid (${err.reason})`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return unauthenticated("bad token signature");
  if (err instanceof errors.JOSEAlgNotAllowed) return unauthenticated("token algorithm not allowed");
  if (err instanceof errors.JWKSNoMatchingKey) return unauthenticated("token signed with an unknown key (no matching JWKS key)");
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) {
    return unauthenticated("malformed token");
  }
  // What is left is the key set being unreachable or broken: not the caller's fault.
  return new AppError("service_unavailable", "cannot verify tokens right now: the signing key set is unavailable", undefined, true);
}
