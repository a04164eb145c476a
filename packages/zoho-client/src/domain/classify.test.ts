import { describe, expect, it } from "vitest";
import {
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
import { type HttpAnswer, classifyAccountsAnswer, classifyApiAnswer, lockMsFrom } from "./classify.ts";

const opts = { throttleLockMs: 600_000, now: Date.parse("2026-01-01T00:00:00Z") };
const json = (status: number, body: unknown, extra: Partial<HttpAnswer> = {}): HttpAnswer => ({
  status,
  contentType: "application/json;charset=UTF-8",
  retryAfter: null,
  text: JSON.stringify(body),
  ...extra,
});

function apiError(res: HttpAnswer, endpoint: "messages" | "channels" | "channel" = "messages"): unknown {
  try {
    classifyApiAnswer(endpoint, res, opts);
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

function accountsError(res: HttpAnswer, endpoint: "token" | "revoke" = "token"): unknown {
  try {
    classifyAccountsAnswer(endpoint, res, opts);
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("classifyApiAnswer (doc §3.2, §3.3 recorded bodies)", () => {
  it("when 200 carries JSON, then the JSON comes back", () => {
    expect(classifyApiAnswer("messages", json(200, { data: [] }), opts)).toEqual({ kind: "json", value: { data: [] } });
  });

  it.each([
    [401, { code: "oauthtoken_invalid", message: "Invalid OAuth token passed." }, ZohoTokenInvalidError, "oauthtoken_invalid"],
    [401, { code: "something_else" }, ZohoTokenInvalidError, "something_else"],
    [401, { code: "oauthtoken_scope_invalid" }, ZohoScopeError, "oauthtoken_scope_invalid"],
    [403, { code: "inactive_appaccount_user" }, ZohoForbiddenError, "inactive_appaccount_user"],
    [404, { code: "request_url_invalid" }, ZohoNotFoundError, "request_url_invalid"],
    [400, { code: "extra_param_found", message: "'search' is an extra param in the query." }, ZohoBadRequestError, "extra_param_found"],
    [400, { code: "operation_failed" }, ZohoBadRequestError, "operation_failed"],
    [500, { message: "Cliq server encountered an error" }, ZohoTransientError, null],
    [503, {}, ZohoTransientError, null],
  ])("when HTTP %i %j, then %o with that code", (status, body, cls, code) => {
    const err = apiError(json(status, body));
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ status, zohoCode: code, endpoint: "messages" });
  });

  it("when 400 request_limit_exceeded (observed live), then throttled with the default lock", () => {
    const err = apiError(json(400, { code: "request_limit_exceeded", message: "You have exceeded the URL throttle limits." }));
    expect(err).toBeInstanceOf(ZohoThrottledError);
    expect(err).toMatchObject({ status: 400, zohoCode: "request_limit_exceeded", lockMs: 600_000, retryable: true });
    expect((err as Error).message).toBe(
      "Zoho messages request failed with HTTP 400 request_limit_exceeded: You have exceeded the URL throttle limits.",
    );
  });

  it.each([
    ["the documented v2 body", { message: "Too many requests within a certain time frame." }, null],
    ["the v3 body", { error: { code: "rate_limit_exceeded", message: "Too many requests" } }, "rate_limit_exceeded"],
  ])("when 429 with %s, then throttled", (_label, body, code) => {
    const err = apiError(json(429, body));
    expect(err).toBeInstanceOf(ZohoThrottledError);
    expect(err).toMatchObject({ status: 429, zohoCode: code, lockMs: 600_000 });
  });

  it("when 429 has an HTML body and a Retry-After, then throttled for that long", () => {
    const err = apiError({ status: 429, contentType: "text/html", retryAfter: "120", text: "<html>slow down</html>" });
    expect(err).toMatchObject({ lockMs: 120_000, status: 429 });
    expect(err).toBeInstanceOf(ZohoThrottledError);
  });

  it("when 404 is the plain-text request_url_invalid, then not found with that code", () => {
    const err = apiError({ status: 404, contentType: "text/plain", retryAfter: null, text: "request_url_invalid" }, "channel");
    expect(err).toBeInstanceOf(ZohoNotFoundError);
    expect(err).toMatchObject({ zohoCode: "request_url_invalid", endpoint: "channel" });
  });

  it("when 200 carries an error body, then malformed naming the code", () => {
    const err = apiError(json(200, { code: "operation_failed" }), "channels");
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect(err).toMatchObject({ status: 200, zohoCode: "operation_failed", retryable: false });
    expect((err as Error).message).toBe("channels response: HTTP 200 with an error body (operation_failed)");
  });

  it("when 200 carries oauthtoken_invalid, then it is still an auth failure", () => {
    expect(apiError(json(200, { code: "oauthtoken_invalid" }))).toBeInstanceOf(ZohoTokenInvalidError);
  });

  it("when 200 is an HTML page, then malformed naming the page title", () => {
    const err = apiError({ status: 200, contentType: "text/html", retryAfter: null, text: "<html><head><title>Zoho - Maintenance</title></head></html>" });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect((err as Error).message).toBe('messages response: body is an HTML page ("Zoho - Maintenance"), expected JSON');
  });

  it("when 502 is an HTML page, then transient (the status decides)", () => {
    const err = apiError({ status: 502, contentType: "text/html", retryAfter: null, text: "<html>Bad Gateway</html>" });
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status: 502, retryable: true });
  });

  it("when 200 JSON is truncated, then malformed saying it is not valid JSON", () => {
    const err = apiError({ status: 200, contentType: "application/json", retryAfter: null, text: '{"data":[{"id":"1' });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect((err as Error).message).toMatch(/^messages response: body is not valid JSON \(/);
  });

  it("when 200 is empty, then malformed; when 204, then the empty body comes back", () => {
    expect(apiError({ status: 200, contentType: null, retryAfter: null, text: "" })).toBeInstanceOf(ZohoMalformedResponseError);
    expect(classifyApiAnswer("messages", { status: 204, contentType: null, retryAfter: null, text: "" }, opts)).toEqual({ kind: "empty" });
  });

  it("when a redirect comes back, then malformed naming the status", () => {
    const err = apiError({ status: 302, contentType: null, retryAfter: null, text: "" });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect((err as Error).message).toBe("messages response: unexpected HTTP 302");
  });
});

describe("classifyAccountsAnswer (doc §1.5–§1.7)", () => {
  it.each([
    ["invalid_code"],
    ["invalid_client"],
    ["invalid_client_secret"],
  ])("when HTTP 200 {error: %s}, then an OAuth error with that code", (code) => {
    const err = accountsError(json(200, { error: code }));
    expect(err).toBeInstanceOf(ZohoOAuthError);
    expect(err).toMatchObject({ zohoCode: code, status: 200, endpoint: "token", retryable: false });
    expect((err as Error).message).toBe(`Zoho token request rejected: ${code}`);
  });

  it.each([200, 400])("when HTTP %i carries the Access Denied / too many requests body, then token-throttled", (status) => {
    const err = accountsError(
      json(status, {
        error_description: "You have made too many requests continuously. Please try again after some time.",
        error: "Access Denied",
        status: "failure",
      }),
    );
    expect(err).toBeInstanceOf(ZohoTokenThrottledError);
    expect(err).toBeInstanceOf(ZohoThrottledError);
    expect(err).toMatchObject({ status, zohoCode: "Access Denied", lockMs: 600_000, endpoint: "token" });
  });

  it("when revoke of an invalid token gets a bare 400, then an OAuth error", () => {
    const err = accountsError({ status: 400, contentType: "text/html", retryAfter: null, text: "" }, "revoke");
    expect(err).toBeInstanceOf(ZohoOAuthError);
    expect(err).toMatchObject({ zohoCode: "http_400", status: 400, endpoint: "revoke" });
  });

  it("when the token endpoint answers 5xx, then transient", () => {
    expect(accountsError(json(503, {}))).toBeInstanceOf(ZohoTransientError);
  });

  it("when the token endpoint answers 200 HTML, then malformed", () => {
    const err = accountsError({ status: 200, contentType: "text/html", retryAfter: null, text: "<html></html>" });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
  });

  it("when the token endpoint answers 200 {code: operation_failed} (no error, no access_token), then malformed naming the code", () => {
    const err = accountsError(json(200, { code: "operation_failed" }));
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect(err).toMatchObject({ zohoCode: "operation_failed", status: 200 });
  });

  it("when the token body is truncated mid-token, then malformed without any fragment of the token", () => {
    const text = '{"access_token":"1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36c';
    const err = accountsError({ status: 200, contentType: "application/json", retryAfter: null, text });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect((err as Error).message).toBe(`token response: body is not valid JSON (truncated at ${text.length} characters)`);
  });

  it("when the body has access_token, then it comes back for parsing", () => {
    expect(classifyAccountsAnswer("token", json(200, { access_token: "1000.a.b", expires_in: 3600 }), opts)).toMatchObject({ kind: "json" });
  });

  it("when the error description echoes something token-shaped, then the message redacts it", () => {
    const err = accountsError(json(200, { error: "invalid_code", error_description: "code 1000.abc123.def456 is used" }));
    expect((err as Error).message).toBe("Zoho token request rejected: invalid_code (code 1000.[redacted] is used)");
  });
});

describe("lockMsFrom", () => {
  it("when Retry-After is an HTTP date, then the lock lasts until then", () => {
    expect(lockMsFrom("Thu, 01 Jan 2026 00:05:00 GMT", opts)).toBe(300_000);
  });
  it("when Retry-After is absent or garbage, then the configured default", () => {
    expect(lockMsFrom(null, opts)).toBe(600_000);
    expect(lockMsFrom("soon", opts)).toBe(600_000);
  });
});
