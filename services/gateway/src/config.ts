// The gateway's environment. Exactly one way of verifying tokens must be configured: a shared
// HS256 secret (local, simple deployments) or the identity provider's JWKS URL (production).
import { baseEnvShape, envInt, envUrl, envValue, loadConfig } from "@cliq/runtime";
import { z } from "zod";

const MIB = 1024 * 1024;

function parseOrigins(raw: string): string[] | undefined {
  const origins = raw.split(",").map((o) => o.trim()).filter((o) => o !== "");
  const valid = origins.every((o) => {
    try {
      const url = new URL(o);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === o.replace(/\/$/, "");
    } catch {
      return false;
    }
  });
  return valid ? origins.map((o) => o.replace(/\/$/, "")) : undefined;
}

export const gatewayEnvSchema = z
  .object({
    ...baseEnvShape,
    PORT: envInt({ min: 0, max: 65_535, default: 8080 }),
    HOST: z.string().min(1).default("0.0.0.0"),
    JWT_SECRET: envValue("at least 32 characters (an HS256 secret)", (raw) => (raw.length >= 32 ? raw : undefined)).optional(),
    JWT_JWKS_URL: envUrl(["https", "http"]).optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_ROLES_CLAIM: envValue("a claim name or dot path such as roles or app_metadata.roles", (raw) =>
      /^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/.test(raw) ? raw : undefined,
    ).default("roles"),
    BODY_LIMIT_BYTES: envInt({ min: 1024, max: 100 * MIB, default: MIB }),
    CORS_ORIGINS: envValue("a comma-separated list of origins such as https://app.example.com", parseOrigins).default([]),
  })
  .superRefine(
    (env, ctx) => {
      if (env.JWT_SECRET === undefined && env.JWT_JWKS_URL === undefined) {
        ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "must be set, or JWT_JWKS_URL must be set (one of them is required)" });
      }
      if (env.JWT_SECRET !== undefined && env.JWT_JWKS_URL !== undefined) {
        ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "must not be set together with JWT_JWKS_URL (choose one)" });
      }
    },
    // Run even when another variable is bad, so one start-up error lists every problem.
    { when: () => true },
  );

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

/** Parses and validates the gateway environment; throws ConfigError naming each bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  return loadConfig(gatewayEnvSchema, env);
}
