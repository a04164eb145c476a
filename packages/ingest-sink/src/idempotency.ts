// Stripe-style idempotency: the first successful answer for a key is remembered and replayed;
// the same key with a different body is a client bug and is refused. Only successes are
// remembered, so a retry after an injected 503 (or a 422 that a test later lifts) runs again.
import { createHash } from "node:crypto";

export type StoredAnswer = { fingerprint: string; status: number; body: unknown };

export type ReplayDecision =
  | { kind: "new" }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "conflict" };

/** A hash of the JSON value with object keys sorted, so key order does not change it. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function decideReplay(stored: StoredAnswer | undefined, requestFingerprint: string): ReplayDecision {
  if (stored === undefined) return { kind: "new" };
  return stored.fingerprint === requestFingerprint ? { kind: "replay", answer: stored } : { kind: "conflict" };
}
