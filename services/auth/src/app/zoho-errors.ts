// Zoho client failures → contract error codes, with a message that tells the admin what happened
// and what to do. Messages name hosts and Zoho's error code, never a token or the client secret.
import { AppError } from "@cliq/contracts";
import {
  type ZohoError,
  ZohoForbiddenError,
  ZohoMalformedResponseError,
  ZohoOAuthError,
  ZohoScopeError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  ZohoTokenThrottledError,
} from "@cliq/zoho-client";

/** Token-endpoint refusals that mean our app's credentials are wrong, not the user's grant. */
const CLIENT_CODES = new Set(["invalid_client", "invalid_client_secret", "unauthorized_client", "invalid_redirect_uri"]);
/**
 * Refusals of a refresh token that only a new consent cures. Zoho answers `invalid_code` for a
 * revoked or unknown refresh token (doc §1.7); any other refusal is retried with backoff and shown
 * on the status, so an odd answer from a proxy never forces a human to reconnect.
 */
const REVOKED_CODES = new Set(["invalid_code", "invalid_token", "invalid_grant", "invalid_refresh_token"]);

export type RefreshFailure =
  | { kind: "reauth"; error: AppError }
  | { kind: "client"; error: AppError }
  | { kind: "throttled"; error: AppError; lockMs: number }
  | { kind: "transient"; error: AppError };

function clientError(err: ZohoError, accountsServer: string): AppError {
  return new AppError(
    "oauth_client_invalid",
    `Zoho (${accountsServer}) rejected this app's client credentials (${err.zohoCode ?? "unknown"}). ` +
      "Check ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REDIRECT_URI, and that the app is enabled for this data centre.",
    { zohoCode: err.zohoCode },
  );
}

function throttled(err: ZohoThrottledError, accountsServer: string): AppError {
  return new AppError(
    "token_refresh_throttled",
    `Zoho (${accountsServer}) is refusing token requests for now (too many requests); try again in ${Math.ceil(err.lockMs / 60_000)} minutes.`,
    { retryAfterMs: err.lockMs },
    true,
  );
}

function unavailable(err: unknown, accountsServer: string): AppError {
  if (err instanceof ZohoMalformedResponseError) {
    return new AppError("zoho_bad_response", `Zoho (${accountsServer}) answered in an unexpected shape: ${err.message}`, undefined, true);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError("zoho_unavailable", `Zoho accounts (${accountsServer}) did not answer properly: ${detail}`, undefined, true);
}

/** The authorization-code exchange failed. */
export function codeExchangeError(err: unknown, accountsServer: string): AppError {
  if (err instanceof ZohoTokenThrottledError) return throttled(err, accountsServer);
  if (err instanceof ZohoOAuthError) {
    if (err.zohoCode !== null && CLIENT_CODES.has(err.zohoCode)) return clientError(err, accountsServer);
    return new AppError(
      "oauth_code_invalid",
      `Zoho (${accountsServer}) refused the authorization code (${err.zohoCode ?? "unknown"}): it is wrong, already used, ` +
        "expired (codes live 2 minutes) or from another data centre. Start the connection again.",
      { zohoCode: err.zohoCode },
    );
  }
  return unavailable(err, accountsServer);
}

/** The refresh-token grant failed: decide between re-consent, config error, wait, or retry. */
export function refreshFailure(err: unknown, accountsServer: string): RefreshFailure {
  if (err instanceof ZohoTokenThrottledError) return { kind: "throttled", error: throttled(err, accountsServer), lockMs: err.lockMs };
  if (err instanceof ZohoOAuthError) {
    if (err.zohoCode !== null && CLIENT_CODES.has(err.zohoCode)) return { kind: "client", error: clientError(err, accountsServer) };
    if (err.zohoCode === null || !REVOKED_CODES.has(err.zohoCode)) {
      return {
        kind: "transient",
        error: new AppError("zoho_bad_response", `Zoho (${accountsServer}) refused the refresh with an unexpected answer (${err.zohoCode ?? "no code"}); retrying later.`, { zohoCode: err.zohoCode }, true),
      };
    }
    return {
      kind: "reauth",
      error: new AppError(
        "reauth_required",
        `Zoho (${accountsServer}) no longer accepts the stored refresh token (${err.zohoCode ?? "refused"}): it was revoked or replaced. ` +
          "A super admin must reconnect Zoho Cliq.",
        { zohoCode: err.zohoCode },
      ),
    };
  }
  return { kind: "transient", error: unavailable(err, accountsServer) };
}

/** A Cliq API call (test connection) failed. */
export function cliqCallError(err: unknown, cliqServer: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZohoScopeError) {
    return new AppError("zoho_scope_missing", `Cliq (${cliqServer}) says the grant lacks a scope it needs; reconnect to consent again.`);
  }
  if (err instanceof ZohoTokenInvalidError) {
    return new AppError("auth_expired", `Cliq (${cliqServer}) rejected the access token even after a refresh; reconnect Zoho Cliq.`);
  }
  if (err instanceof ZohoThrottledError) {
    return new AppError("zoho_throttled", `Cliq (${cliqServer}) is rate-limiting this user; try again in ${Math.ceil(err.lockMs / 60_000)} minutes.`, undefined, true);
  }
  if (err instanceof ZohoForbiddenError) {
    return new AppError("zoho_access_denied", `Cliq (${cliqServer}) denied access (${err.zohoCode ?? "403"}): is the connecting user active in the organisation?`);
  }
  if (err instanceof ZohoMalformedResponseError) {
    return new AppError("zoho_bad_response", `Cliq (${cliqServer}) answered in an unexpected shape: ${err.message}`);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError("zoho_unavailable", `Cliq (${cliqServer}) did not answer properly: ${detail}`, undefined, true);
}
