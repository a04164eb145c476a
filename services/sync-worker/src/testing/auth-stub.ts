// A tiny, real auth responder for tests and benchmarks: serves `authTokenGet` on the test's NATS
// prefix, backed by the simulator's tokens, with auth's contract for `invalidVersion` (a caller
// reporting the current version as rejected gets a refreshed token; one refresh per version).
// The real auth service is not needed to exercise the worker's token handling: 401 → newer token → retry.
import { AppError } from "@cliq/contracts";
import { createPublisher, serveCommands, type CommandServer, type Logger, type NatsConnection } from "@cliq/runtime";
import { createZohoClient, ZohoOAuthError } from "@cliq/zoho-client";
import type { Simulator } from "@cliq/zoho-simulator";

export type AuthStub = {
  refreshes(): number;
  tokenGets(): number;
  /** A new consent: fresh tokens from the simulator (after revokeAllTokens). */
  reconnect(): Promise<void>;
  stop(): Promise<void>;
};

export function startAuthStub(opts: { nc: NatsConnection; prefix: string; sim: Simulator; logger: Logger; location?: string }): AuthStub {
  const location = opts.location ?? "us";
  const found = opts.sim.dataCentres[location];
  if (found === undefined) throw new Error(`the simulator serves no data centre "${location}"`);
  const dc = found;
  const zoho = createZohoClient({ timeoutMs: 5_000 });
  const publisher = createPublisher({ nc: opts.nc, prefix: opts.prefix, source: "test-auth", logger: opts.logger });
  let issued = opts.sim.issueTokensForTest({ location });
  let token = { accessToken: issued.accessToken, expiresAt: Date.now() + issued.expiresIn * 1_000, version: 1 };
  let refreshes = 0;
  let gets = 0;

  const server: CommandServer = serveCommands({
    nc: opts.nc,
    prefix: opts.prefix,
    logger: opts.logger,
    queue: `test-auth-${opts.prefix}`,
    handlers: {
      authTokenGet: async ({ invalidVersion }) => {
        gets++;
        if (invalidVersion !== undefined && invalidVersion >= token.version) {
          refreshing ??= refresh().finally(() => (refreshing = null));
          await refreshing;
        }
        return { accessToken: token.accessToken, expiresAt: new Date(token.expiresAt).toISOString(), version: token.version, cliqServer: dc.cliqServer, location };
      },
    },
  });
  let refreshing: Promise<void> | null = null;
  async function refresh(): Promise<void> {
    refreshes++;
    try {
      const grant = await zoho.refreshAccessToken({ accountsServer: dc.accountsServer, clientId: opts.sim.clientId, clientSecret: opts.sim.clientSecret, refreshToken: issued.refreshToken });
      token = { accessToken: grant.accessToken, expiresAt: Date.now() + grant.expiresInSec * 1_000, version: token.version + 1 };
    } catch (err) {
      if (err instanceof ZohoOAuthError) throw new AppError("reauth_required", "Zoho refused the refresh token (revoked?)");
      throw err;
    }
    const expiresAt = new Date(token.expiresAt).toISOString();
    await publisher.publish("tokenRefreshed", { version: token.version, expiresAt, location });
  }
  return {
    refreshes: () => refreshes,
    tokenGets: () => gets,
    async reconnect() {
      issued = opts.sim.issueTokensForTest({ location });
      token = { accessToken: issued.accessToken, expiresAt: Date.now() + issued.expiresIn * 1_000, version: token.version + 1 };
      await publisher.publish("tokenRefreshed", { version: token.version, expiresAt: new Date(token.expiresAt).toISOString(), location });
    },
    async stop() {
      await server.stop();
      await zoho.close();
    },
  };
}
