// zod field parsers for Zoho's quirks (numbers sent as strings, ISO or epoch-ms times, the
// string "null"). Each failure message reads as "<path> must be …" once the path is prefixed,
// so a malformed response names exactly which field broke and what was expected.
import { z } from "zod";

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return v.length > 24 ? "a string" : JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return typeof v === "object" ? "an object" : typeof v;
}

function field<T>(expect: string, parse: (v: unknown) => T | undefined, optional: boolean) {
  return z.unknown().transform((v, ctx): T | null => {
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
