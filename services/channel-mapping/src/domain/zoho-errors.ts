// Zoho client failures → the contract error the admin sees. Each fault gets its own code and a
// message that says what to do; nothing from our request (token, URL) is echoed.
import { AppError } from "@cliq/contracts";
import { classifyZohoError, ZohoThrottledError } from "@cliq/zoho-client";

export type ZohoCallContext = { what: "list channels" | "read channel"; channelId?: string };

export function appErrorFromZoho(err: unknown, ctx: ZohoCallContext): unknown {
  if (err instanceof AppError) return err;
  const target = ctx.channelId === undefined ? "" : ` ${ctx.channelId}`;
  const zohoText = err instanceof Error ? err.message : String(err);
  switch (classifyZohoError(err)) {
    case "throttle": {
      const retryAfterMs = err instanceof ZohoThrottledError ? err.lockMs : null;
      return zohoThrottled(retryAfterMs);
    }
    case "auth":
      return new AppError("auth_expired", "Zoho rejected the access token even after a refresh; reconnect Zoho Cliq", undefined, false);
    case "scope":
      return new AppError("zoho_scope_missing", "the Zoho connection lacks the ZohoCliq.Channels.READ scope; reconnect Zoho Cliq and grant it");
    case "not_found":
      return ctx.what === "read channel"
        ? new AppError("channel_not_found", `Zoho has no channel${target} visible to the connected account`)
        : new AppError("zoho_bad_response", `Zoho answered "not found" when asked to ${ctx.what}: ${zohoText}`);
    case "forbidden":
      return ctx.what === "read channel"
        ? new AppError("channel_access_denied", `the connected Zoho account may not read channel${target}: ${zohoText}`)
        : new AppError("zoho_access_denied", `the connected Zoho account may not ${ctx.what}: ${zohoText}`);
    case "transient":
      return new AppError("zoho_unavailable", `Zoho Cliq is unreachable or failing (${zohoText}); try again shortly`, undefined, true);
    case "malformed":
    case "bad_request":
    case "oauth":
      return new AppError("zoho_bad_response", `Zoho Cliq answered ${ctx.what} with an unexpected response: ${zohoText}`);
    case "unknown":
      return err;
  }
}

export function zohoThrottled(retryAfterMs: number | null): AppError {
  const wait = retryAfterMs === null ? "a few minutes" : `${Math.ceil(retryAfterMs / 1000)} s`;
  return new AppError(
    "zoho_throttled",
    `Zoho Cliq's channel API rate limit was reached; try again in ${wait}`,
    retryAfterMs === null ? undefined : { retryAfterMs },
    true,
  );
}
