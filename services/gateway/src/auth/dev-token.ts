// Local-development tokens: HS256, signed with the same JWT_SECRET the gateway verifies with,
// carrying roles at the configured claim path. Production deployments use a real identity
// provider (JWT_JWKS_URL) and never have a secret to sign with.
import { parseArgs } from "node:util";
import { ROLES } from "@cliq/contracts";
import { SignJWT } from "jose";
import { rolesClaimAt } from "../domain/roles-claim.ts";
import type { Role } from "../plugins/auth.ts";

export type DevTokenRequest = {
  secret: string;
  sub: string;
  roles: readonly Role[];
  /** Lifetime such as "30m", "8h", "7d". */
  ttl: string;
  rolesClaim: string;
  issuer?: string | undefined;
  audience?: string | undefined;
};

const TTL = /^\d+[smhd]$/;

export async function signDevToken(req: DevTokenRequest): Promise<string> {
  if (req.secret.length < 32) throw new Error("JWT_SECRET must be at least 32 characters");
  let jwt = new SignJWT(rolesClaimAt(req.rolesClaim, req.roles))
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(req.sub)
    .setIssuedAt()
    .setExpirationTime(req.ttl);
  if (req.issuer !== undefined) jwt = jwt.setIssuer(req.issuer);
  if (req.audience !== undefined) jwt = jwt.setAudience(req.audience);
  return jwt.sign(new TextEncoder().encode(req.secret));
}

export const DEV_TOKEN_USAGE = `usage: npm run dev-token -- [--role super_admin]... [--sub admin@example.com] [--ttl 8h]
  --role  one of ${ROLES.join(", ")} (repeatable; default super_admin)
  --sub   the user id (default dev-admin@example.com)
  --ttl   lifetime: <n>s, <n>m, <n>h or <n>d (default 8h)
Reads JWT_SECRET (required, the gateway's HS256 secret), JWT_ISSUER, JWT_AUDIENCE, JWT_ROLES_CLAIM.`;

/** Turns argv + env into a token request, or an error message naming what is wrong. */
export function devTokenRequestFrom(argv: readonly string[], env: NodeJS.ProcessEnv): DevTokenRequest | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        role: { type: "string", multiple: true },
        sub: { type: "string" },
        ttl: { type: "string" },
      },
      strict: true,
    }));
  } catch (err) {
    return { error: (err as Error).message };
  }
  const secret = env.JWT_SECRET ?? "";
  if (secret.length < 32) {
    return { error: "JWT_SECRET is not set (or shorter than 32 characters): export the gateway's secret first, e.g. the one `npm start` prints" };
  }
  const roles = values.role ?? ["super_admin"];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) return { error: `unknown role ${unknown.join(", ")}: use one of ${ROLES.join(", ")}` };
  const ttl = values.ttl ?? "8h";
  if (!TTL.test(ttl)) return { error: `--ttl ${ttl} is not a lifetime like 30m, 8h or 7d` };
  const sub = values.sub ?? "dev-admin@example.com";
  if (sub.trim() === "") return { error: "--sub must not be empty" };
  return {
    secret,
    sub,
    roles: roles as Role[],
    ttl,
    rolesClaim: env.JWT_ROLES_CLAIM !== undefined && env.JWT_ROLES_CLAIM !== "" ? env.JWT_ROLES_CLAIM : "roles",
    issuer: env.JWT_ISSUER === "" ? undefined : env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE === "" ? undefined : env.JWT_AUDIENCE,
  };
}
