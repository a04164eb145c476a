// Every error code the system can reply with, and the HTTP status the gateway maps it to.
// Commands reply `{ ok: false, error: { code, message, details? } }`; the gateway's single
// error handler turns `code` into the status below.
import { z } from "zod";

export const ERROR_HTTP_STATUS = {
  // caller mistakes
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  client_not_found: 404,
  room_not_found: 404,
  channel_not_found: 404,
  mapping_not_found: 404,
  job_not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // state conflicts
  channel_already_mapped: 409,
  room_already_mapped: 409,
  room_not_internal: 422,
  room_wrong_client: 422,
  channel_unreadable: 422,
  job_not_retryable: 409,
  mapping_paused: 409,
  // OAuth / connection
  oauth_state_invalid: 400,
  oauth_state_expired: 400,
  oauth_state_used: 400,
  oauth_code_invalid: 400,
  oauth_client_invalid: 502,
  zoho_not_connected: 409,
  reauth_required: 409,
  token_refresh_throttled: 503,
  // Zoho API faults
  zoho_throttled: 503,
  zoho_unavailable: 502,
  zoho_bad_response: 502,
  zoho_access_denied: 502,
  zoho_scope_missing: 502,
  // sync outcomes (recorded on jobs, surfaced through the API)
  auth_expired: 502,
  channel_access_denied: 422,
  channel_gone: 422,
  ingest_rejected: 502,
  ingest_unavailable: 502,
  max_deliveries_exhausted: 500,
  // infrastructure
  service_unavailable: 503,
  timeout: 504,
  encryption_key_invalid: 500,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;
export const ERROR_CODES = Object.keys(ERROR_HTTP_STATUS) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(ERROR_CODES);

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_HTTP_STATUS[code];
}

/** The error every layer throws for an expected failure; carries a contract code. */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly retryable = false,
  ) {
    super(message);
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
