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
  classifyZohoError,
} from "./errors.ts";

const f = { endpoint: "messages" as const, status: 400, zohoCode: "x" };

describe("classifyZohoError", () => {
  it.each([
    [new ZohoTokenInvalidError("m", f), "auth", false],
    [new ZohoScopeError("m", f), "scope", false],
    [new ZohoThrottledError("m", { ...f, lockMs: 1 }), "throttle", true],
    [new ZohoTokenThrottledError("m", { ...f, lockMs: 1 }), "throttle", true],
    [new ZohoNotFoundError("m", f), "not_found", false],
    [new ZohoForbiddenError("m", f), "forbidden", false],
    [new ZohoTransientError("m", f), "transient", true],
    [new ZohoMalformedResponseError("m", f), "malformed", false],
    [new ZohoOAuthError("m", f), "oauth", false],
    [new ZohoBadRequestError("m", f), "bad_request", false],
  ])("when given %s, then %s (retryable %s)", (err, kind, retryable) => {
    expect(classifyZohoError(err)).toBe(kind);
    expect(err.retryable).toBe(retryable);
  });

  it("when given anything else, then unknown (never retried blindly)", () => {
    expect(classifyZohoError(new TypeError("bug"))).toBe("unknown");
    expect(classifyZohoError("string")).toBe("unknown");
  });

  it("when constructed, then the name is the class name and token-shaped text is redacted", () => {
    const err = new ZohoOAuthError("saw 1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24 here", f);
    expect(err.name).toBe("ZohoOAuthError");
    expect(err.message).toBe("saw 1000.[redacted] here");
  });
});
