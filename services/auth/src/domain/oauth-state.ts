// The OAuth `state`: random, bound to the user who asked for the consent URL, single-use and
// expiring. Only its SHA-256 is stored, so a database read does not yield a usable state.
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@cliq/contracts";

export const STATE_TTL_MS = 10 * 60_000;

export function generateState(): string {
  return randomBytes(32).toString("base64url");
}

export function hashState(state: string): string {
  return createHash("sha256").update(state, "utf8").digest("hex");
}

export type StoredState = { userId: string; expiresAt: Date; usedAt: Date | null };

/**
 * Why a presented state cannot be used, or null when it can. `userId` is the authenticated
 * caller when there is one (paste flow); the browser redirect has none and is bound by the state.
 */
export function stateProblem(row: StoredState | null, at: { now: number; userId?: string }): AppError | null {
  if (row === null) {
    return new AppError("oauth_state_invalid", "The OAuth state is unknown. Start the connection again from the integrations page.");
  }
  if (row.usedAt !== null) {
    return new AppError("oauth_state_used", "This OAuth state was already used. Start the connection again from the integrations page.");
  }
  if (row.expiresAt.getTime() <= at.now) {
    return new AppError(
      "oauth_state_expired",
      `The OAuth state expired (it is valid for ${STATE_TTL_MS / 60_000} minutes). Start the connection again from the integrations page.`,
    );
  }
  if (at.userId !== undefined && at.userId !== row.userId) {
    return new AppError("oauth_state_invalid", "This OAuth state was issued to a different user.");
  }
  return null;
}
