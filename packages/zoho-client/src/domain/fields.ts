// zod field parsers for Zoho's quirks (numbers sent as strings, ISO or epoch-ms times, the
// string "null"). Each failure message reads as "<path> must be …" once the path is prefixed,
// so a malformed response names exactly which field broke and what was expected.
import { z } from "zod";

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return v.length > 24 ? "a string" : JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return typeof v === "object" ? "an object" : typeof v;
}

function field<T>(expect: string, parse: (v: unknown) => T | undefined, optional: boolean) {
  // `.optional()` so a missing key reaches the transform (and gets our message) instead of zod's.
  return z
    .unknown()
    .optional()
    .transform((v, ctx): T | null => {
      if (v === undefined || v === null) {
        if (optional) return null;
        ctx.addIssue({ code: "custom", message: `is missing (expected ${expect})` });
        return z.NEVER;
      }
      const out = parse(v);
      if (out === undefined) {
        ctx.addIssue({ code: "custom", message: `must be ${expect} (got ${describe(v)})` });
        return z.NEVER;
      }
      return out;
    });
}

/** An object field: missing/null is an error unless optional; its own fields report their paths. */
export function objectField<T>(schema: z.ZodType<T>, expect: string, optional: true): z.ZodType<T | null>;
export function objectField<T>(schema: z.ZodType<T>, expect: string, optional: false): z.ZodType<T>;
export function objectField<T>(schema: z.ZodType<T>, expect: string, optional: boolean): z.ZodType<T | null> {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): T | null => {
      if (v === undefined || v === null) {
        if (optional) return null;
        ctx.addIssue({ code: "custom", message: `is missing (expected ${expect})` });
        return z.NEVER;
      }
      if (typeof v !== "object" || Array.isArray(v)) {
        ctx.addIssue({ code: "custom", message: `must be ${expect} (got ${describe(v)})` });
        return z.NEVER;
      }
      const r = schema.safeParse(v);
      if (r.success) return r.data;
      for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    });
}

const NUMERIC = /^\s*-?\d+(?:\.\d+)?\s*$/;

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && NUMERIC.test(v)) return Number(v);
  return undefined;
}

function toEpochMs(v: unknown): number | undefined {
  const n = toNumber(v);
  if (n !== undefined) return n >= 0 ? Math.trunc(n) : undefined;
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function toId(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  return undefined;
}

function toBool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

const asString = (v: unknown) => (typeof v === "string" ? v : undefined);

export const f = {
  /** Required non-empty id; Zoho sends ids as strings, occasionally as numbers. */
  id: () => field("a non-empty string id", toId, false).transform((v) => v as string),
  optId: () => field("a string id", toId, true),
  string: () => field("a string", asString, false).transform((v) => v as string),
  optString: () => field("a string", asString, true),
  /** `participant_count: "12"` and `12` are both seen. */
  optCount: () => field("a number or numeric string", toNumber, true),
  /** Message `time`: epoch ms as a number or a numeric string. */
  epochMs: () =>
    field("a number or numeric string", (v) => (toNumber(v) !== undefined ? toEpochMs(v) : undefined), false).transform(
      (v) => v as number,
    ),
  optEpochMs: () => field("a number or numeric string", (v) => (toNumber(v) !== undefined ? toEpochMs(v) : undefined), true),
  /** Channel times: ISO-8601 in the spec, epoch ms when observed live. */
  optTime: () => field("an ISO-8601 date-time or epoch milliseconds", toEpochMs, true),
  optBool: () => field("a boolean", toBool, true),
  /** A never-opened channel reports `chat_id: null` or the string "null". */
  optChatId: () =>
    field("a string chat id or null", (v) => (typeof v === "string" ? v : toId(v)), true).transform((v) =>
      v === null || v.trim() === "" || v === "null" ? null : v,
    ),
};

/** `data[3].time`-style path for messages. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "body" : out;
}

/** "messages response: data[3].time must be a number or numeric string (got "abc")" */
export function describeIssues(label: string, error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${formatPath(i.path)} ${i.message}`);
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more` : "";
  return `${label}: ${parts.join("; ")}${more}`;
}

/** A required array whose error says what was expected and what came instead. */
export function objectArray<T>(item: z.ZodType<T>, expect: string) {
  return z.array(item, { error: (iss) => (iss.input === undefined ? `is missing (expected ${expect})` : `must be ${expect} (got ${describe(iss.input)})`) });
}

/** A loose object (unknown keys kept, Zoho adds fields freely) with a readable type error. */
export function obj<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.looseObject(shape, { error: (iss) => `must be an object (got ${describe(iss.input)})` });
}

/** A schema check's outcome: the value, or one line naming what was wrong. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export function check<T>(schema: z.ZodType<T>, body: unknown, label: string): Checked<T> {
  const r = schema.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: describeIssues(label, r.error) };
}
