// The gateway's environment. Exactly one way of verifying tokens must be configured: a shared
// HS256 secret (local, simple deployments) or the identity provider's JWKS URL (production).
import { baseEnvShape, envDuration, envInt, envUrl, envValue, loadConfig } from "@cliq/runtime";
import { schedulerEnvSchema } from "@cliq/scheduler";
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
    /** Bearer token of the seed's cron (`POST /functions/v1/zoho-sync`); unset: that route answers 401. */
    SERVICE_TOKEN: envValue("at least 24 characters of A-Z a-z 0-9 _ ~ + / = . - (e.g. openssl rand -hex 32)", (raw) =>
      /^[A-Za-z0-9_~+/=.-]{24,}$/.test(raw) ? raw : undefined,
    ).optional(),
    /** Proxies in front of the gateway whose X-Forwarded-For is trusted (0: none), for per-IP limits. */
    TRUST_PROXY_HOPS: envInt({ min: 0, max: 10, default: 0 }),
    /** Requests per minute per user (per IP when unauthenticated), counted in Redis across replicas. */
    RATE_LIMIT_PER_MINUTE: envInt({ min: 1, max: 1_000_000, default: 300 }),
    /** Comment line sent on idle /api/events streams so proxies keep them open. */
    SSE_HEARTBEAT_INTERVAL: envDuration({ default: 15_000, min: 100, max: 300_000 }),
    // The scheduler's own variables, read the same way: a sweep triggered here lands in the same
    // slot (same job ids) as the scheduler's CronJob, so running both never doubles a run.
    SCHEDULE_CRON: schedulerEnvSchema.shape.SCHEDULE_CRON,
    SCHEDULE_TIMEZONE: schedulerEnvSchema.shape.SCHEDULE_TIMEZONE,
    SCHEDULER_PAGE_SIZE: schedulerEnvSchema.shape.SCHEDULER_PAGE_SIZE,
    SCHEDULER_PLANNER: schedulerEnvSchema.shape.SCHEDULER_PLANNER,
    SCHEDULER_PLANNER_TIMEOUT: schedulerEnvSchema.shape.SCHEDULER_PLANNER_TIMEOUT,
    SCHEDULER_PUBLISH_CONCURRENCY: schedulerEnvSchema.shape.SCHEDULER_PUBLISH_CONCURRENCY,
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
