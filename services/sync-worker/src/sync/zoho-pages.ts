// One page of a chat's messages from Zoho, with everything around the call: the shared rate
// budget (a throttle pauses every replica and the request is retried after the lock, inside the
// limiter), the access token (a 401 refreshes through auth once, then auth_expired), and retries
// with backoff for 5xx and timeouts. Pages already read by the caller are never lost to any of
// these: the retry happens here, for this one page.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@cliq/runtime";
import { ZohoTokenInvalidError, ZohoTransientError, type ZohoClient, type ZohoMessage } from "@cliq/zoho-client";
import type { ZohoLimiter } from "@cliq/zoho-limiter";
import { AuthExpiredError } from "../domain/errors.ts";
import type { TokenProvider } from "../tokens.ts";
import type { FetchPage } from "./run-delivery.ts";

export type ZohoPagesOptions = {
  zoho: Pick<ZohoClient, "getMessages">;
  limiter: Pick<ZohoLimiter, "schedule">;
  tokens: TokenProvider;
  logger: Logger;
  /** Extra attempts after a 5xx/timeout; default 3. */
  transientRetries?: number;
  /** First transient retry delay, doubled each time; default 1 s. */
  transientBaseDelayMs?: number;
};

export function zohoPageFetcher(opts: ZohoPagesOptions, chatId: string): FetchPage<ZohoMessage> {
  const retries = opts.transientRetries ?? 3;
  const baseDelayMs = opts.transientBaseDelayMs ?? 1_000;
  return async (q, signal) => {
    let refreshed = false;
    for (let transient = 0; ; ) {
      const token = await opts.tokens.get();
      const startedAt = Date.now();
      try {
        const page = await opts.limiter.schedule(
          "messages",
          () =>
            opts.zoho.getMessages({
              cliqServer: token.cliqServer,
              accessToken: token.accessToken,
              chatId,
              // Never fromtime: which window it selects is unknown (zoho-cliq-api.md §2.6).
              ...(q.toTime === null ? {} : { toTime: q.toTime }),
              limit: q.limit,
            }),
          { signal },
        );
        opts.logger.debug({ chatId, ...q, messages: page.length, ms: Date.now() - startedAt }, "fetched a page of messages");
        // The raw JSON is not needed past parsing.
        for (const m of page) m.raw = null;
        return page;
      } catch (err) {
        if (err instanceof ZohoTokenInvalidError) {
          if (refreshed) throw new AuthExpiredError("Zoho rejected the access token even after auth refreshed it", { cause: err });
          refreshed = true;
          await opts.tokens.refreshAfterRejection(token);
          continue;
        }
        if (err instanceof ZohoTransientError && transient < retries) {
          const delayMs = baseDelayMs * 2 ** transient++;
          opts.logger.warn({ chatId, status: err.status, delayMs, attempt: transient, error: err.message }, "Zoho messages request failed; retrying");
          await sleep(delayMs, undefined, { signal });
          continue;
        }
        throw err;
      }
    }
  };
}
