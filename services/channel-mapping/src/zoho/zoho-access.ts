// Every Zoho call this service makes goes through here: a token from the auth service, the shared
// rate budget of the endpoint class, and one retry with a renewed token after a 401.
// Callers are people waiting on a screen, so nothing here waits out Zoho's lock period (5–10 min):
// a paused or exhausted budget is answered at once with zoho_throttled and how long to wait.
import { AppError, type CommandName, type CommandReplyData, type CommandRequest } from "@cliq/contracts";
import { ZohoThrottledError, ZohoTokenInvalidError } from "@cliq/zoho-client";
import { LimiterAbortedError, LimiterUnavailableError } from "@cliq/zoho-limiter";
import type { Logger } from "@cliq/runtime";
import { appErrorFromZoho, zohoThrottled, type ZohoCallContext } from "../domain/zoho-errors.ts";
import type { ZohoEndpointClass, ZohoLimiter } from "./limiter.ts";

/** The command client's request method (core NATS request/reply; failures throw AppError). */
export type CommandRequester = {
  request<N extends CommandName>(name: N, payload: CommandRequest<N>): Promise<CommandReplyData<N>>;
};

export type ZohoCredentials = { accessToken: string; cliqServer: string };

export type ZohoAccess = {
  call<T>(cls: ZohoEndpointClass, ctx: ZohoCallContext, fn: (creds: ZohoCredentials) => Promise<T>): Promise<T>;
};

export type ZohoAccessDeps = {
  commands: CommandRequester;
  limiter: ZohoLimiter;
  logger: Logger;
  /** Longest a call may queue for the shared budget before the caller is told to come back. */
  maxWaitMs: number;
};

export function createZohoAccess(deps: ZohoAccessDeps): ZohoAccess {
  /** `invalidVersion`: the token version Cliq just refused, so auth replies with a renewed one. */
  async function withToken<T>(cls: ZohoEndpointClass, fn: (c: ZohoCredentials) => Promise<T>, invalidVersion?: number): Promise<T> {
    const t = await deps.commands.request("authTokenGet", invalidVersion === undefined ? {} : { invalidVersion });
    try {
      const signal = AbortSignal.timeout(deps.maxWaitMs);
      return await deps.limiter.schedule(cls, () => fn({ accessToken: t.accessToken, cliqServer: t.cliqServer }), { signal });
    } catch (err) {
      if (!(err instanceof ZohoTokenInvalidError) || invalidVersion !== undefined) throw err;
      deps.logger.warn({ endpoint: cls, tokenVersion: t.version }, "Zoho refused the access token; retrying once with a renewed one");
      return withToken(cls, fn, t.version);
    }
  }

  return {
    async call(cls, ctx, fn) {
      try {
        const paused = await deps.limiter.pausedFor(cls);
        if (paused > 0) throw zohoThrottled(paused);
        return await withToken(cls, fn);
      } catch (err) {
        if (err instanceof ZohoThrottledError) {
          await deps.limiter.pauseFor(cls, err.lockMs).catch((e: unknown) => deps.logger.warn({ err: e }, "could not pause the shared Zoho budget"));
          deps.logger.warn({ endpoint: cls, lockMs: err.lockMs }, "Zoho throttled the endpoint; shared budget paused");
        }
        throw limiterError(err) ?? appErrorFromZoho(err, ctx);
      }
    },
  };
}

function limiterError(err: unknown): AppError | undefined {
  if (err instanceof LimiterAbortedError) {
    return new AppError("zoho_throttled", "the shared Zoho Cliq request budget is used up for now; try again in a minute", undefined, true);
  }
  if (err instanceof LimiterUnavailableError) {
    return new AppError("service_unavailable", "the shared Zoho Cliq rate budget (Redis) is unreachable, so Zoho is not called; try again shortly", undefined, true);
  }
  return undefined;
}
