import { describe, expect, it } from "vitest";
import { createLogger } from "@cliq/runtime";
import { ZohoTokenInvalidError, ZohoTransientError, type ZohoMessage } from "@cliq/zoho-client";
import { AuthExpiredError } from "../domain/errors.ts";
import type { AccessToken, TokenProvider } from "../tokens.ts";
import { zohoPageFetcher } from "./zoho-pages.ts";

const logger = createLogger({ service: "test", level: "silent" });
const token = (v: number): AccessToken => ({ accessToken: `t${v}`, expiresAt: Date.now() + 3_600_000, version: v, cliqServer: "http://cliq", location: "us" });
const unauthorized = () => new ZohoTokenInvalidError("401", { endpoint: "messages", status: 401, zohoCode: "oauthtoken_invalid" });
const unavailable = () => new ZohoTransientError("503", { endpoint: "messages", status: 503, zohoCode: null });

function setup(answers: (Error | ZohoMessage[])[]) {
  let current = token(1);
  const refreshed: number[] = [];
  const tokens: TokenProvider = {
    get: async () => current,
    refreshAfterRejection: async (rejected) => {
      refreshed.push(rejected.version);
      current = token(rejected.version + 1);
      return current;
    },
    invalidate: () => undefined,
    stop: () => undefined,
  };
  const calls: { accessToken: string; toTime?: number; fromTime?: number }[] = [];
  const zoho = {
    getMessages: async (p: { accessToken: string; toTime?: number; fromTime?: number }) => {
      // fromtime is never sent: which window it selects is unknown (zoho-cliq-api.md §2.6).
      calls.push({ accessToken: p.accessToken, ...(p.toTime === undefined ? {} : { toTime: p.toTime }), ...(p.fromTime === undefined ? {} : { fromTime: p.fromTime }) });
      const next = answers.shift();
      if (next === undefined) throw new Error("no more answers");
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const limiter = { schedule: <T>(_cls: string, fn: () => Promise<T>) => fn() };
  const fetch = zohoPageFetcher({ zoho, limiter, tokens, logger, transientRetries: 2, transientBaseDelayMs: 1 }, "CT_1");
  return { fetch, calls, refreshed };
}

const signal = new AbortController().signal;

describe("fetching one page from Zoho", () => {
  it("when the token is rejected once, then auth refreshes it and the same page is asked again with the new token", async () => {
    const s = setup([unauthorized(), []]);
    await expect(s.fetch({ toTime: 5, limit: 100 }, signal)).resolves.toEqual([]);
    expect(s.refreshed).toEqual([1]);
    expect(s.calls).toEqual([
      { accessToken: "t1", toTime: 5 },
      { accessToken: "t2", toTime: 5 },
    ]);
  });

  it("when the refreshed token is rejected too, then the run fails with auth_expired", async () => {
    const s = setup([unauthorized(), unauthorized()]);
    await expect(s.fetch({ toTime: null, limit: 100 }, signal)).rejects.toBeInstanceOf(AuthExpiredError);
    expect(s.refreshed).toHaveLength(1);
    expect(s.calls[0]).toEqual({ accessToken: "t1" });
  });

  it("when Zoho answers 5xx, then the page is retried with backoff, and the error surfaces once retries are spent", async () => {
    const ok = setup([unavailable(), unavailable(), []]);
    await expect(ok.fetch({ toTime: null, limit: 100 }, signal)).resolves.toEqual([]);
    const spent = setup([unavailable(), unavailable(), unavailable()]);
    await expect(spent.fetch({ toTime: null, limit: 100 }, signal)).rejects.toBeInstanceOf(ZohoTransientError);
    expect(spent.calls).toHaveLength(3);
  });
});
