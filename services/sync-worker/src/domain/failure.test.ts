import { describe, expect, it } from "vitest";
import { AppError } from "@cliq/contracts";
import {
  ZohoBadRequestError,
  ZohoForbiddenError,
  ZohoMalformedResponseError,
  ZohoNotFoundError,
  ZohoScopeError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  ZohoTransientError,
} from "@cliq/zoho-client";
import { AuthExpiredError, IngestRejectedError, IngestUnavailableError } from "./errors.ts";
import { classifyFailure } from "./failure.ts";

const policy = { baseRetryDelayMs: 1_000, maxRetryDelayMs: 8_000 };
const f = (status: number, code: string | null = null) => ({ endpoint: "messages" as const, status, zohoCode: code });
const classify = (err: unknown, attempt = 1) => classifyFailure(err, attempt, policy);

describe("classifyFailure", () => {
  it("when Zoho keeps refusing the token, then the job fails with auth_expired, needs an admin and says to reconnect", () => {
    const r = classify(new AuthExpiredError("Zoho rejected the access token even after auth refreshed it"));
    expect(r).toMatchObject({ code: "auth_expired", needsAdmin: true, retryable: false });
    expect(r.message).toMatch(/reconnect Zoho Cliq/);
    expect(classify(new ZohoTokenInvalidError("401", f(401, "oauthtoken_invalid")))).toMatchObject({ code: "auth_expired", needsAdmin: true });
    expect(classify(new AppError("reauth_required", "refresh token revoked"))).toMatchObject({ code: "auth_expired", needsAdmin: true });
    expect(classify(new AppError("zoho_not_connected", "no connection"))).toMatchObject({ code: "zoho_not_connected", needsAdmin: true });
  });

  it("when the channel is gone or closed to the account, then the mapping needs an admin with a clear reason", () => {
    expect(classify(new ZohoNotFoundError("404 request_url_invalid", f(404)))).toMatchObject({ code: "channel_gone", needsAdmin: true, retryable: false });
    expect(classify(new ZohoForbiddenError("403", f(403)))).toMatchObject({ code: "channel_access_denied", needsAdmin: true, retryable: false });
    expect(classify(new ZohoScopeError("401 scope", f(401, "oauthtoken_scope_invalid")))).toMatchObject({ code: "zoho_scope_missing", needsAdmin: true });
  });

  it("when Zoho's answer is malformed, then the job fails for good and the message says what was wrong", () => {
    const r = classify(new ZohoMalformedResponseError("messages response: body is not valid JSON (Unexpected end)", f(200)));
    expect(r).toMatchObject({ code: "zoho_bad_response", retryable: false, needsAdmin: false });
    expect(r.message).toContain("body is not valid JSON");
    expect(classify(new ZohoBadRequestError("extra_param_found", f(400)))).toMatchObject({ code: "zoho_bad_response", retryable: false });
  });

  it("when a failure is temporary, then it is retried later with a delay that grows per delivery", () => {
    expect(classify(new ZohoTransientError("503", f(503)), 1)).toMatchObject({ code: "zoho_unavailable", retryable: true, retryAfterMs: 1_000 });
    expect(classify(new ZohoTransientError("503", f(503)), 3)).toMatchObject({ retryAfterMs: 4_000 });
    expect(classify(new ZohoTransientError("503", f(503)), 9)).toMatchObject({ retryAfterMs: 8_000 });
    expect(classify(new ZohoThrottledError("throttled", { ...f(400), lockMs: 600_000 }))).toMatchObject({ code: "zoho_throttled", retryable: true, retryAfterMs: 600_000 });
    expect(classify(new IngestUnavailableError("HTTP 503"))).toMatchObject({ code: "ingest_unavailable", retryable: true });
    expect(classify(new AppError("timeout", "cmd.auth.token.get did not reply", undefined, true))).toMatchObject({ code: "timeout", retryable: true });
  });

  it("when the shared rate budget is unreachable, then work is handed back rather than calling Zoho unmetered", () => {
    const err = Object.assign(new Error("the shared Zoho rate budget is unavailable (Redis reconnecting)"), { name: "LimiterUnavailableError" });
    expect(classify(err)).toMatchObject({ code: "service_unavailable", retryable: true, retryAfterMs: 5_000 });
  });

  it("when the ingest endpoint rejects a batch, then the job fails with ingest_rejected carrying its message", () => {
    const r = classify(new IngestRejectedError("room_archived: room is archived", 422));
    expect(r).toMatchObject({ code: "ingest_rejected", retryable: false });
    expect(r.message).toContain("HTTP 422");
    expect(r.message).toContain("room is archived");
  });

  it("when something unexpected breaks, then it is retried (never a crash) and named as internal", () => {
    expect(classify(new TypeError("x is undefined"))).toMatchObject({ code: "internal", retryable: true });
  });
});
