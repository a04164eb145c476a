// One-line descriptions of zod issues, so every "bad input" error names each offending field.
import type { z } from "zod";

export type IssueSummary = { path: string; message: string; code: string };

export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): IssueSummary[] {
  return issues.map((i) => ({ path: pathOf(i.path), message: i.message, code: i.code }));
}

/** `jobId: Invalid UUID; data.cursor.time: Expected number` */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return summarizeIssues(issues)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
}

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((p, idx) => (typeof p === "number" ? `[${p}]` : idx === 0 ? String(p) : `.${String(p)}`))
    .join("");
}
