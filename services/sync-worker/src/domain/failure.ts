// What a failed run means for the job: the contract error code, a message an admin can act on,
// whether another delivery may succeed (and when), and whether the mapping needs an admin.
import { AppError, type ErrorCode } from "@cliq/contracts";
import { classifyZohoError, ZohoThrottledError } from "@cliq/zoho-client";
import { BadPageError } from "./backward-walk.ts";
import { AuthExpiredError, IngestRejectedError, IngestUnavailableError } from "./errors.ts";

export type Failure = {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  needsAdmin: boolean;
  /** When to try again; set when retryable. */
  retryAfterMs?: number;
};

export type FailurePolicy = {
  /** Redelivery delay after the first retryable failure; doubles per delivery up to maxRetryDelayMs. */
  baseRetryDelayMs: number;
  maxRetryDelayMs: number;
};

const RECONNECT = "An admin must reconnect Zoho Cliq (Zoho connection → Connect) before this mapping can sync again.";

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : "";
}

function text(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function classifyFailure(err: unknown, attempt: number, policy: FailurePolicy): Failure {
  const later = (ms?: number): number => ms ?? Math.min(policy.maxRetryDelayMs, policy.baseRetryDelayMs * 2 ** Math.max(0, attempt - 1));
  const retry = (code: ErrorCode, message: string, ms?: number): Failure => ({ code, message, retryable: true, needsAdmin: false, retryAfterMs: later(ms) });
  const fail = (code: ErrorCode, message: string, needsAdmin = false): Failure => ({ code, message, retryable: false, needsAdmin });

  if (err instanceof BadPageError) return fail("zoho_bad_response", `Zoho returned a page of messages the sync cannot trust (${err.message}); nothing from it was delivered.`);
  if (err instanceof AuthExpiredError) return fail("auth_expired", `${err.message}. ${RECONNECT}`, true);
  if (err instanceof IngestRejectedError) return fail("ingest_rejected", `The ingest endpoint rejected the batch (HTTP ${err.status}): ${err.message}`);
  if (err instanceof IngestUnavailableError) return retry("ingest_unavailable", `The ingest endpoint is unavailable: ${err.message}`);
  if (errorName(err) === "LimiterUnavailableError") return retry("service_unavailable", `${text(err)}; not calling Zoho unmetered`, 5_000);
  if (err instanceof AppError) return classifyAppError(err, retry, fail);

  switch (classifyZohoError(err)) {
    case "auth":
      return fail("auth_expired", `Zoho rejected the access token: ${text(err)}. ${RECONNECT}`, true);
    case "scope":
      return fail("zoho_scope_missing", `The Zoho connection lacks a permission the sync needs (ZohoCliq.Messages.READ): ${text(err)}. ${RECONNECT}`, true);
    case "not_found":
      return fail("channel_gone", `The Zoho Cliq channel no longer exists or its chat cannot be found (${text(err)}). Remove or re-create the mapping.`, true);
    case "forbidden":
      return fail("channel_access_denied", `The connected Zoho account may not read this channel (${text(err)}). Add the account to the channel or map another channel.`, true);
    case "malformed":
      return fail("zoho_bad_response", `Zoho answered with a response the sync cannot read: ${text(err)}`);
    case "bad_request":
      return fail("zoho_bad_response", `Zoho refused the request: ${text(err)}`);
    case "throttle":
      return retry("zoho_throttled", `Zoho kept throttling the messages API: ${text(err)}`, err instanceof ZohoThrottledError ? err.lockMs : undefined);
    case "transient":
      return retry("zoho_unavailable", `Zoho is unavailable: ${text(err)}`);
    default:
      return retry("internal", `Unexpected error: ${text(err)}`);
  }
}

function classifyAppError(
  err: AppError,
  retry: (code: ErrorCode, message: string, ms?: number) => Failure,
  fail: (code: ErrorCode, message: string, needsAdmin?: boolean) => Failure,
): Failure {
  switch (err.code) {
    case "zoho_not_connected":
      return fail("zoho_not_connected", `Zoho Cliq is not connected: ${err.message}. ${RECONNECT}`, true);
    case "reauth_required":
    case "oauth_client_invalid":
      return fail("auth_expired", `The Zoho connection needs to be renewed: ${err.message}. ${RECONNECT}`, true);
    case "token_refresh_throttled":
      return retry("token_refresh_throttled", `Zoho is throttling token refreshes: ${err.message}`, 60_000);
    default:
      return err.retryable || err.code === "timeout" || err.code === "service_unavailable"
        ? retry(err.code, `Could not reach a service the sync needs: ${err.message}`)
        : retry("internal", `Unexpected error from the auth service (${err.code}): ${err.message}`);
  }
}
