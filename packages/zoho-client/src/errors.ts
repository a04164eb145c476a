// Typed failures of the Zoho client. Services branch on the class (or `classifyZohoError`) to
// decide: refresh the token, re-consent, pause the shared limiter, retry with backoff, or fail
// the job with a clear message. Messages are built only from status, Zoho's error code and
// Zoho's own message text (redacted), never from request URLs, headers or bodies we sent.

/** The call that failed; matches the simulator's endpoint names and the limiter classes. */
export type ZohoEndpoint = "token" | "revoke" | "channels" | "channel" | "messages";

export type ZohoErrorFields = {
  endpoint: ZohoEndpoint;
  status: number | null;
  zohoCode: string | null;
  cause?: unknown;
};

export abstract class ZohoError extends Error {
  /** HTTP status, or null when no response arrived (timeout, connection failure). */
  readonly status: number | null;
  /** Zoho's `code` / `error` field, when the body carried one. */
  readonly zohoCode: string | null;
  readonly endpoint: ZohoEndpoint;
  /** True when the same request, unchanged, may succeed later (after `lockMs` for throttles). */
  abstract readonly retryable: boolean;

  constructor(message: string, fields: ZohoErrorFields) {
    super(redactTokens(message), fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.status = fields.status;
    this.zohoCode = fields.zohoCode;
    this.endpoint = fields.endpoint;
  }
}

/** 401 (oauthtoken_invalid or any other 401): the access token expired, was revoked or evicted. */
export class ZohoTokenInvalidError extends ZohoError {
  readonly retryable = false;
}

/** 401 oauthtoken_scope_invalid: the grant lacks a scope; the user must consent again. */
export class ZohoScopeError extends ZohoError {
  readonly retryable = false;
}

/** 429, or 400 request_limit_exceeded: the endpoint is locked for this user for `lockMs`. */
export class ZohoThrottledError extends ZohoError {
  readonly retryable = true;
  readonly lockMs: number;
  constructor(message: string, fields: ZohoErrorFields & { lockMs: number }) {
    super(message, fields);
    this.lockMs = fields.lockMs;
  }
}

/** The token endpoint's "Access Denied / too many requests" body (any HTTP status). */
export class ZohoTokenThrottledError extends ZohoThrottledError {}

/** 404 (request_url_invalid): wrong path or an id that does not exist for this user. */
export class ZohoNotFoundError extends ZohoError {
  readonly retryable = false;
}

/** 403: the user may not read this resource (or is inactive in the organisation). */
export class ZohoForbiddenError extends ZohoError {
  readonly retryable = false;
}

/** 5xx, 408, timeouts, connection refused/reset: try again with backoff. */
export class ZohoTransientError extends ZohoError {
  readonly retryable = true;
}

/** Not the documented shape: bad JSON, HTML, schema mismatch, or an error body with HTTP 200. */
export class ZohoMalformedResponseError extends ZohoError {
  readonly retryable = false;
}

/** Token/revoke endpoint refused (invalid_code, invalid_client, invalid_client_secret, …). */
export class ZohoOAuthError extends ZohoError {
  readonly retryable = false;
}

/** Any other 4xx, e.g. extra_param_found (a client bug: we sent an undocumented parameter). */
export class ZohoBadRequestError extends ZohoError {
  readonly retryable = false;
}

export type ZohoErrorKind =
  | "auth"
  | "scope"
  | "throttle"
  | "not_found"
  | "forbidden"
  | "transient"
  | "malformed"
  | "oauth"
  | "bad_request";

/**
 * What a service should do about an error. Anything that is not a ZohoError (a bug, a bad
 * argument) is "unknown": never retry it blindly.
 */
export function classifyZohoError(err: unknown): ZohoErrorKind | "unknown" {
  if (err instanceof ZohoScopeError) return "scope";
  if (err instanceof ZohoTokenInvalidError) return "auth";
  if (err instanceof ZohoThrottledError) return "throttle";
  if (err instanceof ZohoNotFoundError) return "not_found";
  if (err instanceof ZohoForbiddenError) return "forbidden";
  if (err instanceof ZohoTransientError) return "transient";
  if (err instanceof ZohoMalformedResponseError) return "malformed";
  if (err instanceof ZohoOAuthError) return "oauth";
  if (err instanceof ZohoBadRequestError) return "bad_request";
  return "unknown";
}

// Zoho access/refresh tokens look like 1000.<hex>.<hex>; grant codes share the prefix.
const TOKEN_PATTERN = /\b1000\.[0-9a-zA-Z]+(?:\.[0-9a-zA-Z]+)?/g;

/** Belt and braces: server-provided text is echoed into messages, so strip anything token-shaped. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, "1000.[redacted]");
}
