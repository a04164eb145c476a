// Reads a service's configuration from the environment once, at start-up. A bad value stops the
// service with one line naming every offending variable — and never the value of a secret.
import type { z } from "zod";
import { MUST_BE } from "./env.ts";

export type ConfigProblem = { variable: string; expected: string };

const SECRET_NAME = /SECRET|TOKEN|KEY|PASSWORD/i;
const EX_CONFIG = 78;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    message: string,
    readonly problems: ConfigProblem[],
  ) {
    super(message);
  }
}

/**
 * Validates `env` against `schema`. Empty variables count as unset (so defaults apply), which is
 * how Kubernetes and docker-compose usually express "not configured".
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const present: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") present[k] = v;
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw configErrorFrom(result.error.issues, present);
}

/** Like loadConfig, but on a bad configuration prints `<service>: invalid configuration: …` and exits 78 (EX_CONFIG). */
export function loadConfigOrExit<S extends z.ZodObject>(
  schema: S,
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${serviceName}: ${err.message}\n`);
    process.exit(EX_CONFIG);
  }
}

function configErrorFrom(issues: readonly z.core.$ZodIssue[], env: Record<string, string>): ConfigError {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  const parts: string[] = [];
  for (const issue of issues) {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : "(configuration)";
    if (seen.has(variable)) continue;
    seen.add(variable);
    const raw = env[variable];
    if (raw === undefined && issue.code !== "custom") {
      problems.push({ variable, expected: "required" });
      parts.push(`${variable} is required`);
      continue;
    }
    const expected = issue.message.startsWith(MUST_BE) ? issue.message.slice(MUST_BE.length) : issue.message;
    const got = raw === undefined || SECRET_NAME.test(variable) ? "" : ` (got ${JSON.stringify(shown(raw))})`;
    problems.push({ variable, expected });
    parts.push(issue.message.startsWith(MUST_BE) ? `${variable} ${issue.message}${got}` : `${variable} is invalid: ${issue.message}${got}`);
  }
  return new ConfigError(`invalid configuration: ${parts.join("; ")}`, problems);
}

/** A value as it may appear in an error: URL passwords masked, long values cut. */
function shown(raw: string): string {
  const masked = maskUrlPassword(raw);
  return masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
}

/** A copy of a loaded configuration that is safe to log: secret-named values and URL passwords masked. */
export function redactConfig<T extends Record<string, unknown>>(config: T): Record<keyof T, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    out[k] = SECRET_NAME.test(k) && v !== undefined ? "[redacted]" : typeof v === "string" ? maskUrlPassword(v) : v;
  }
  return out as Record<keyof T, unknown>;
}

function maskUrlPassword(raw: string): string {
  return raw.replace(/(\/\/[^/:@\s]*):[^@/\s]*@/, "$1:***@");
}
