// Reads docker-compose.yml the way Compose does before it runs anything: YAML with merge keys
// (`<<: *anchor`), then `${VAR}` interpolation from an environment. Enough for an offline check;
// `docker-compose config` remains the reference where it is installed.
import { parse } from "yaml";

export class InterpolationError extends Error {
  override readonly name = "InterpolationError";
}

const PATTERN = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(PATTERN, (_m, dollar: string | undefined, braced: string | undefined, colon: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (dollar !== undefined) return "$";
    const name = (braced ?? bare)!;
    const value = env[name];
    const missing = value === undefined || (colon === ":" && value === "");
    if (op === "-") return missing ? (arg ?? "") : value!;
    if (op === "?") {
      if (missing) throw new InterpolationError(`${name}: ${arg || "required variable is not set"}`);
      return value!;
    }
    return value ?? "";
  });
}

function interpolateDeep(node: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof node === "string") return interpolate(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, env));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, env)]));
  }
  return node;
}

export type ComposeService = {
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  profiles?: string[];
  ports?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }> | string[];
  [key: string]: unknown;
};
export type ComposeFile = { services: Record<string, ComposeService>; [key: string]: unknown };

export function loadComposeFile(text: string, env: Readonly<Record<string, string | undefined>>): ComposeFile {
  const doc = parse(text, { merge: true, maxAliasCount: 1_000 }) as unknown;
  return interpolateDeep(doc, env) as ComposeFile;
}

/** A service's environment as strings, whichever of Compose's two spellings it uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => {
      const i = line.indexOf("=");
      return i < 0 ? [line, ""] : [line.slice(0, i), line.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

export function commandOf(service: ComposeService): string[] {
  const c = service.command;
  return c === undefined ? [] : Array.isArray(c) ? c : c.split(/\s+/);
}
