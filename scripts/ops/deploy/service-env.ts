// Each service's own configuration schema, so deployment files (docker-compose, the k8s
// ConfigMap and Deployments) are checked against what the services actually read: a misspelt
// variable, a missing required one or a value a service would refuse at start-up fails a test
// instead of a rollout.
import type { z } from "zod";
import { loadConfig, ConfigError } from "@cliq/runtime";
import { authEnvSchema } from "../../../services/auth/src/config.ts";
import { configSchema as mappingEnvSchema } from "../../../services/channel-mapping/src/config.ts";
import { gatewayEnvSchema } from "../../../services/gateway/src/config.ts";
import { schedulerEnvSchema } from "../../../services/scheduler/src/config.ts";
import { configSchema as workerEnvSchema } from "../../../services/sync-worker/src/config.ts";

export const SERVICE_SCHEMAS = {
  auth: authEnvSchema,
  "channel-mapping": mappingEnvSchema,
  gateway: gatewayEnvSchema,
  scheduler: schedulerEnvSchema,
  "sync-worker": workerEnvSchema,
} satisfies Record<string, z.ZodObject>;
export type ServiceName = keyof typeof SERVICE_SCHEMAS;
export const SERVICE_NAMES = Object.keys(SERVICE_SCHEMAS) as ServiceName[];

/** The service a container command runs (`services/<name>/src/main.ts`), if any. */
export function serviceOfCommand(argv: readonly string[]): ServiceName | undefined {
  for (const arg of argv) {
    const m = /^services\/([a-z-]+)\/src\/main\.ts$/.exec(arg);
    if (m && (SERVICE_NAMES as string[]).includes(m[1]!)) return m[1] as ServiceName;
  }
  return undefined;
}

/** Variables the service reads. */
/** Read by Node itself, not by the service's config (e.g. the sync worker's V8 heap caps). */
export const RUNTIME_VARIABLES = ["NODE_OPTIONS"] as const;

export function variablesOf(service: ServiceName): Set<string> {
  return new Set([...Object.keys(SERVICE_SCHEMAS[service].shape), ...RUNTIME_VARIABLES]);
}

export type EnvCheck = { config: Record<string, unknown> | null; problems: string[] };

/**
 * Parses `env` exactly as the service does at start-up. `strict` also reports variables the
 * service does not read (typos such as HEALTHPORT, or a setting given to the wrong service).
 */
export function checkServiceEnv(service: ServiceName, env: Record<string, string>, opts: { strict: boolean }): EnvCheck {
  const problems: string[] = [];
  if (opts.strict) {
    const known = variablesOf(service);
    for (const key of Object.keys(env)) if (!known.has(key)) problems.push(`${key} is not read by ${service}`);
  }
  try {
    return { config: loadConfig(SERVICE_SCHEMAS[service], env) as Record<string, unknown>, problems };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { config: null, problems: [...problems, `${service}: ${err.message}`] };
  }
}
