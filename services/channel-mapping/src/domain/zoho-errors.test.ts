import { describe, expect, it } from "vitest";
import { AppError } from "@cliq/contracts";
import {
  ZohoForbiddenError,
  ZohoMalformedResponseError,
  ZohoNotFoundError,
  ZohoScopeError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  ZohoTransientError,
} from "@cliq/zoho-client";
import { appErrorFromZoho } from "./zoho-errors.ts";

const fields = { endpoint: "channels" as const, status: 500, zohoCode: null };
const code = (err: unknown, what: "list channels" | "read channel" = "list channels") => (appErrorFromZoho(err, { what, channelId: "T1" }) as AppError).code;

describe("Zoho faults as contract errors", () => {
  it("when Zoho throttles, then the error is zoho_throttled carrying the lock period", () => {
    const err = appErrorFromZoho(new ZohoThrottledError("locked", { ...fields, status: 429, lockMs: 300_000 }), { what: "list channels" }) as AppError;
    expect(err.code).toBe("zoho_throttled");
    expect(err.details).toEqual({ retryAfterMs: 300_000 });
    expect(err.message).toContain("300 s");
  });

  it("when Zoho is down or answers garbage, then each gets its own code", () => {
    expect(code(new ZohoTransientError("HTTP 503", fields))).toBe("zoho_unavailable");
    expect(code(new ZohoMalformedResponseError("body is an HTML page", fields))).toBe("zoho_bad_response");
  });

  it("when the token or scope is refused, then the admin is told to reconnect", () => {
    expect(code(new ZohoTokenInvalidError("401", { ...fields, status: 401 }))).toBe("auth_expired");
    expect(code(new ZohoScopeError("401", { ...fields, status: 401 }))).toBe("zoho_scope_missing");
  });

  it("when one channel is missing or forbidden, then the error is about that channel", () => {
    expect(code(new ZohoNotFoundError("404", { ...fields, status: 404 }), "read channel")).toBe("channel_not_found");
    expect(code(new ZohoForbiddenError("403", { ...fields, status: 403 }), "read channel")).toBe("channel_access_denied");
    expect(code(new ZohoForbiddenError("403", { ...fields, status: 403 }), "list channels")).toBe("zoho_access_denied");
  });

  it("when the error is not a Zoho fault, then it passes through untouched", () => {
    const bug = new TypeError("x is undefined");
    expect(appErrorFromZoho(bug, { what: "list channels" })).toBe(bug);
    const app = new AppError("reauth_required", "reconnect");
    expect(appErrorFromZoho(app, { what: "list channels" })).toBe(app);
  });
});
