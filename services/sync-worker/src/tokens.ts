// Zoho access tokens for the worker. auth owns the tokens; the worker asks `token.get` and caches
// the answer until it expires or auth announces a new one (token.refreshed / token.revoked, core
// subscription). After a 401 it reports the rejected version through `token.get { invalidVersion }`
// — once per rejected token, shared by every run in this process (single flight). Auth refreshes
// single-flight across its replicas too, so every worker replica hitting a 401 costs one refresh.
// (`cmd.auth.refresh` is the admin's manual refresh: super admin only, and it always refreshes.)
import type { CommandClient, Logger, NatsConnection } from "@cliq/runtime";
import { subjectsFor } from "@cliq/contracts";

export type AccessToken = { accessToken: string; expiresAt: number; version: number; cliqServer: string; location: string };

export type TokenProvider = {
  get(): Promise<AccessToken>;
  /** A token newer than `rejected`: refreshed through auth unless another caller already did. */
  refreshAfterRejection(rejected: AccessToken): Promise<AccessToken>;
  /** Drops the cached token (auth announced a change). */
  invalidate(): void;
  stop(): void;
};

export type TokenProviderOptions = {
  commands: CommandClient;
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  now?: () => number;
  /** A cached token this close to expiry is not used; default 60 s. */
  minValidityMs?: number;
};

export function createTokenProvider(opts: TokenProviderOptions): TokenProvider {
  const now = opts.now ?? Date.now;
  const minValidityMs = opts.minValidityMs ?? 60_000;
  const log = opts.logger.child({ component: "tokens" });
  let cached: AccessToken | null = null;
  let fetching: Promise<AccessToken> | null = null;
  let refreshing: Promise<AccessToken> | null = null;
  let generation = 0;

  const subjects = subjectsFor(opts.prefix);
  const subs: ReturnType<NatsConnection["subscribe"]>[] = [subjects.event("tokenRefreshed"), subjects.event("tokenRevoked")].map((subject) =>
    opts.nc.subscribe(subject, {
      callback: () => {
        log.debug({ subject }, "auth announced a token change; dropping the cached token");
        invalidate();
      },
    }),
  );

  function invalidate(): void {
    cached = null;
    fetching = null;
    generation++;
  }

  function fetchToken(invalidVersion?: number): Promise<AccessToken> {
    if (fetching !== null && invalidVersion === undefined) return fetching;
    const startedAt = generation;
    const p = opts.commands
      .request("authTokenGet", invalidVersion === undefined ? { minValidityMs } : { minValidityMs, invalidVersion })
      .then((t) => {
        const token: AccessToken = { ...t, expiresAt: Date.parse(t.expiresAt) };
        // An invalidation while asking means this answer may already be stale: do not keep it.
        if (generation === startedAt) cached = token;
        return token;
      })
      .finally(() => {
        if (fetching === p) fetching = null;
      });
    fetching = p;
    return p;
  }

  async function get(): Promise<AccessToken> {
    const c = cached;
    if (c !== null && c.expiresAt - now() > minValidityMs) return c;
    return fetchToken();
  }

  return {
    get,
    refreshAfterRejection(rejected) {
      const c = cached;
      if (c !== null && c.accessToken !== rejected.accessToken) return Promise.resolve(c);
      if (refreshing !== null) return refreshing;
      const p = (async () => {
        log.info({ version: rejected.version }, "Zoho rejected the access token; asking auth for a newer one");
        invalidate();
        return fetchToken(rejected.version);
      })().finally(() => {
        if (refreshing === p) refreshing = null;
      });
      refreshing = p;
      return p;
    },
    invalidate,
    stop() {
      for (const s of subs) s.unsubscribe();
    },
  };
}
