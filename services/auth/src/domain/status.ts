// What the admin sees about the connection, and what to do next when something is wrong.
import type { AuthStatus } from "@cliq/contracts";

export type StatusRow = {
  state: "connected" | "refreshing" | "reauth_required";
  location: string;
  accountsServer: string;
  cliqServer: string | null;
  scopes: string[];
  expiresAt: Date;
  authenticatedBy: string;
  lastRefreshAt: Date | null;
  lastRefreshError: string | null;
  nextRefreshNotBefore: Date | null;
  tokenVersion: number;
  keyId: string;
};

const RECONNECT = "A super admin must reconnect: Integrations → Zoho Cliq → Connect (Zoho asks for consent again).";

export function disconnectedStatus(): AuthStatus {
  return {
    connected: false,
    state: "disconnected",
    location: null,
    accountsServer: null,
    cliqServer: null,
    scopes: [],
    expiresAt: null,
    authenticatedBy: null,
    lastRefreshAt: null,
    lastRefreshError: null,
    tokenVersion: null,
    action: "Not connected. A super admin connects the organisation under Integrations → Zoho Cliq → Connect.",
  };
}

export function nextAction(row: StatusRow, at: { now: number; knownKeyIds: ReadonlySet<string> }): string | null {
  if (row.state === "reauth_required") {
    const why = row.lastRefreshError ? `Zoho no longer accepts the stored authorization (${row.lastRefreshError}). ` : "";
    return `${why}${RECONNECT}`;
  }
  if (!at.knownKeyIds.has(row.keyId)) {
    return (
      `The stored tokens are encrypted with key '${row.keyId}', which is not configured. ` +
      "Add it back to TOKEN_ENCRYPTION_KEYS after the current key and run rotate, or reconnect."
    );
  }
  if (row.lastRefreshError !== null) {
    const when = row.nextRefreshNotBefore && row.nextRefreshNotBefore.getTime() > at.now
      ? ` It is retried automatically from ${row.nextRefreshNotBefore.toISOString()}.`
      : " It is retried automatically.";
    return `The last token refresh failed: ${row.lastRefreshError}.${when} Nothing to do unless it keeps failing; "Test connection" shows whether Zoho answers.`;
  }
  return null;
}

export function connectionStatus(
  row: StatusRow,
  at: { now: number; knownKeyIds: ReadonlySet<string>; refreshingHere: boolean },
): AuthStatus {
  const state = row.state === "connected" && at.refreshingHere ? "refreshing" : row.state;
  return {
    connected: row.state !== "reauth_required",
    state,
    location: row.location,
    accountsServer: row.accountsServer,
    cliqServer: row.cliqServer,
    scopes: row.scopes,
    expiresAt: row.expiresAt.toISOString(),
    authenticatedBy: row.authenticatedBy,
    lastRefreshAt: row.lastRefreshAt?.toISOString() ?? null,
    lastRefreshError: row.lastRefreshError,
    tokenVersion: row.tokenVersion,
    action: nextAction(row, at),
  };
}
