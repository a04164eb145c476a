// Turning an HTTP answer into either a JSON body to validate or a typed ZohoError (doc §3.2,
// §3.3 for the Cliq API; §1.5–§1.7 for Zoho Accounts). Pure: the client feeds it what arrived.
import {
  type ZohoEndpoint,
  type ZohoErrorFields,
  ZohoBadRequestError,
  ZohoForbiddenError,
  ZohoMalformedResponseError,
  ZohoNotFoundError,
  ZohoOAuthError,
  ZohoScopeError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  ZohoTokenThrottledError,
  ZohoTransientError,
} from "../errors.ts";
import { type ParsedBody, describeNonJson, errorFields, isRecord, parseBody } from "./body.ts";

export type HttpAnswer = { status: number; contentType: string | null; retryAfter: string | null; text: string };
export type ClassifyOptions = { throttleLockMs: number; now: number };
export type ApiEndpoint = Extract<ZohoEndpoint, "channels" | "channel" | "messages">;

const THROTTLE_CODES = new Set(["request_limit_exceeded", "rate_limit_exceeded"]);
// Keys a successful body has; an object with an error `code` and none of these is an error body.
const SUCCESS_KEYS = ["data", "channels", "channel", "channel_id"];

/** Lock from Retry-After (seconds or HTTP date) when present; Zoho documents none, so the default. */
export function lockMsFrom(retryAfter: string | null, opts: ClassifyOptions): number {
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const v = retryAfter.trim();
    if (/^\d+$/.test(v)) return Number(v) * 1000;
    const at = Date.parse(v);
    if (!Number.isNaN(at)) return Math.max(0, at - opts.now);
  }
  return opts.throttleLockMs;
}

function summary(endpoint: ZohoEndpoint, status: number, code: string | null, message: string | null): string {
  const text = message ? `: ${message.slice(0, 200)}` : "";
  return `Zoho ${endpoint} request failed with HTTP ${status}${code ? ` ${code}` : ""}${text}`;
}

/** Cliq API (channels, channel, messages): the parsed JSON body on success, else throws. */
export function classifyApiAnswer(endpoint: ApiEndpoint, res: HttpAnswer, opts: ClassifyOptions): ParsedBody {
  const body = parseBody(res.text, res.contentType);
  const { code, message } = errorFields(body);
  const fields = { endpoint, status: res.status, zohoCode: code };
  const msg = summary(endpoint, res.status, code, message);
  const ok = res.status >= 200 && res.status < 300;

  if (res.status === 429 || (code !== null && THROTTLE_CODES.has(code))) {
    throw new ZohoThrottledError(msg, { ...fields, lockMs: lockMsFrom(res.retryAfter, opts) });
  }
  if (ok) {
    if (body.kind === "empty" && res.status === 204) return body;
    if (body.kind !== "json") {
      throw new ZohoMalformedResponseError(`${endpoint} response: ${describeNonJson(body)}`, fields);
    }
    if (code !== null && isRecord(body.value) && !SUCCESS_KEYS.some((k) => k in (body.value as object))) {
      throw errorForCode(code, msg, fields, `${endpoint} response: HTTP ${res.status} with an error body (${code})`);
    }
    return body;
  }
  if (res.status === 401) {
    if (code === "oauthtoken_scope_invalid") throw new ZohoScopeError(msg, fields);
    throw new ZohoTokenInvalidError(msg, fields);
  }
  if (res.status === 403) throw new ZohoForbiddenError(msg, fields);
  if (res.status === 404) throw new ZohoNotFoundError(msg, fields);
  if (res.status === 408 || res.status >= 500) throw new ZohoTransientError(msg, fields);
  if (res.status >= 400) {
    if (code === "oauthtoken_invalid") throw new ZohoTokenInvalidError(msg, fields);
    if (code === "oauthtoken_scope_invalid") throw new ZohoScopeError(msg, fields);
    throw new ZohoBadRequestError(msg, fields);
  }
  throw new ZohoMalformedResponseError(`${endpoint} response: unexpected HTTP ${res.status}`, fields);
}

// A 200 carrying a known auth code still means the token is bad; anything else is malformed.
function errorForCode(code: string, msg: string, fields: ZohoErrorFields, malformed: string) {
  if (code === "oauthtoken_invalid") return new ZohoTokenInvalidError(msg, fields);
  if (code === "oauthtoken_scope_invalid") return new ZohoScopeError(msg, fields);
  return new ZohoMalformedResponseError(malformed, fields);
}

function isTokenThrottle(body: ParsedBody): boolean {
  if (body.kind !== "json" || !isRecord(body.value)) return false;
  const { error, error_description: description } = body.value;
  return (
    (typeof error === "string" && /^access denied$/i.test(error.trim())) ||
    (typeof description === "string" && /too many requests/i.test(description))
  );
}

/**
 * Zoho Accounts (token, revoke): errors come with HTTP 200 as often as not, so the body decides.
 * Returns the JSON body when it is not an error; the caller checks it for access_token / status.
 */
export function classifyAccountsAnswer(endpoint: "token" | "revoke", res: HttpAnswer, opts: ClassifyOptions): ParsedBody {
  const body = parseBody(res.text, res.contentType);
  const { code, message } = errorFields(body);
  const fields = { endpoint, status: res.status, zohoCode: code };
  const msg = summary(endpoint, res.status, code, message);

  if (res.status === 429 || isTokenThrottle(body)) {
    throw new ZohoTokenThrottledError(msg, { ...fields, lockMs: lockMsFrom(res.retryAfter, opts) });
  }
  if (res.status === 408 || res.status >= 500) throw new ZohoTransientError(msg, fields);
  // Zoho's rule (doc §1.7): a body with `error` is a failure whatever the status.
  if (body.kind === "json" && isRecord(body.value) && code !== null && body.value.error !== undefined) {
    throw new ZohoOAuthError(`Zoho ${endpoint} request rejected: ${code}${message ? ` (${message.slice(0, 200)})` : ""}`, fields);
  }
  if (res.status >= 400) {
    // A non-JSON or code-less 4xx (e.g. revoke of an unknown token is a bare 400).
    throw new ZohoOAuthError(msg, { ...fields, zohoCode: code ?? `http_${res.status}` });
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ZohoMalformedResponseError(`${endpoint} response: unexpected HTTP ${res.status}`, fields);
  }
  if (body.kind !== "json") throw new ZohoMalformedResponseError(`${endpoint} response: ${describeNonJson(body)}`, fields);
  if (code !== null && isRecord(body.value) && !("access_token" in body.value) && !("status" in body.value)) {
    throw new ZohoMalformedResponseError(`${endpoint} response: HTTP ${res.status} with an unexpected error body (${code})`, fields);
  }
  return body;
}
