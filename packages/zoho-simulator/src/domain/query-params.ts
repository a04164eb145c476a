// Cliq v2 rejects unknown query parameters (doc §2.1) and invalid values. This turns a raw
// querystring into typed params or the exact Zoho error body to send back.
import { z } from "zod";

export type ZohoError = { status: number; body: { code: string; message?: string } };

export type ParamResult<T> = { ok: true; value: T } | { ok: false; error: ZohoError };

/** the first value of each key, as Cliq reads a repeated parameter. */
export function flattenQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query === null || typeof query !== "object") return out;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    const first = Array.isArray(v) ? (v[0] as unknown) : v;
    out[k] = typeof first === "string" ? first : String(first ?? "");
  }
  return out;
}

export function parseQuery<S extends z.ZodObject>(schema: S, query: unknown): ParamResult<z.output<S>> {
  const flat = flattenQuery(query);
  const allowed = new Set(Object.keys(schema.shape));
  const extra = Object.keys(flat).find((k) => !allowed.has(k));
  if (extra !== undefined) {
    return { ok: false, error: { status: 400, body: { code: "extra_param_found", message: `'${extra}' is an extra param in the query.` } } };
  }
  const parsed = schema.safeParse(flat);
  if (parsed.success) return { ok: true, value: parsed.data };
  const param = String(parsed.error.issues[0]?.path[0] ?? "query");
  return { ok: false, error: invalidParam(param) };
}

export function invalidParam(param: string): ZohoError {
  return { status: 400, body: { code: "pattern_not_matched", message: `Please check if the value of '${param}' is valid.` } };
}

/** epoch ms or ISO date-time → epoch ms (Cliq accepts both for time filters, doc §5). */
export const timeParam = z.string().transform((s, ctx) => {
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: "not a time" });
    return z.NEVER;
  }
  return ms;
});

export const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const boolParam = z.enum(["true", "false"]).transform((s) => s === "true");

export const listParam = z.string().transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""));
