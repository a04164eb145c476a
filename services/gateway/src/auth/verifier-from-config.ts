import type { GatewayConfig } from "../config.ts";
import { createJwtVerifier, type JwtVerifier } from "./jwt-verifier.ts";

/** The verifier the configuration asks for: HS256 with JWT_SECRET, or the JWKS at JWT_JWKS_URL. */
export function jwtVerifierFromConfig(config: GatewayConfig): JwtVerifier {
  return createJwtVerifier({
    secret: config.JWT_SECRET,
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    rolesClaim: config.JWT_ROLES_CLAIM,
  });
}
