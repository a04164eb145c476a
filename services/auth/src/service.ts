// Builds the auth service from its dependencies. Everything with I/O is passed in, so tests run
// two instances side by side against one database and the Zoho simulator (with its clock).
import type { Db } from "@cliq/db";
import { createPublisher, serveCommands, type CommandServer, type Logger, type NatsConnection } from "@cliq/runtime";
import type { DataCentre, ZohoClient } from "@cliq/zoho-client";
import type { AuthConfig } from "./config.ts";
import { createConnection } from "./app/connection.ts";
import { createDataCentres } from "./app/data-centres.ts";
import { createDiagnostics } from "./app/diagnostics.ts";
import { createAuthEvents } from "./app/events.ts";
import { createTokenManager, type TokenManager } from "./app/token-manager.ts";
import { authHandlers } from "./handlers/index.ts";
import { createAuthRepo } from "./repo/auth-repo.ts";

export const SERVICE_NAME = "auth";

/** The Zoho calls auth makes; a ZohoClient satisfies it. */
export type AuthZohoApi = Pick<ZohoClient, "buildAuthorizeUrl" | "exchangeCode" | "refreshAccessToken" | "revokeToken" | "listChannels">;

export type AuthServiceDeps = {
  db: Db;
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  config: AuthConfig;
  zoho: AuthZohoApi;
  /** The clock deciding token expiry; Zoho's (or the simulator's) notion of now. Default Date.now. */
  now?: () => number;
  /** The Zoho data-centre table (production, or an override such as the simulator's). */
  dataCentres: Readonly<Record<string, DataCentre>>;
};

export type AuthService = {
  start(): Promise<void>;
  stop(): Promise<void>;
  tokens: TokenManager;
};

export function buildAuthService(deps: AuthServiceDeps): AuthService {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const keyring = config.TOKEN_ENCRYPTION_KEYS;
  const repo = createAuthRepo(deps.db, { schema: config.DB_SCHEMA });
  const events = createAuthEvents(createPublisher({ nc: deps.nc, prefix: deps.prefix, source: SERVICE_NAME, logger }), logger);
  const dataCentres = createDataCentres(deps.dataCentres);
  const client = { clientId: config.ZOHO_CLIENT_ID, clientSecret: config.ZOHO_CLIENT_SECRET };

  const tokens = createTokenManager({
    ...client,
    repo,
    zoho: deps.zoho,
    keyring,
    marginMs: config.TOKEN_REFRESH_MARGIN_MS,
    budget: config.TOKEN_REFRESH_BUDGET,
    checkIntervalMs: config.TOKEN_REFRESH_CHECK_INTERVAL_MS,
    now,
    events,
    logger,
    cliqServerFor: (row) => dataCentres.cliqServerFor(row),
  });
  const connection = createConnection({
    ...client,
    repo,
    zoho: deps.zoho,
    keyring,
    dataCentres,
    redirectUri: config.ZOHO_REDIRECT_URI,
    scopes: config.ZOHO_SCOPES,
    defaultLocation: config.ZOHO_DEFAULT_LOCATION,
    now,
    events,
    logger,
  });
  const diagnostics = createDiagnostics({ repo, tokens, zoho: deps.zoho, keyring, now });

  let server: CommandServer | null = null;
  return {
    tokens,
    async start() {
      if (server !== null) return;
      server = serveCommands({ nc: deps.nc, prefix: deps.prefix, logger, queue: SERVICE_NAME, handlers: authHandlers({ connection, diagnostics, tokens }) });
      // Resolve only once the server knows our subscriptions: "started" means "answering".
      await deps.nc.flush();
      tokens.start();
    },
    async stop() {
      const s = server;
      server = null;
      await s?.stop();
      await tokens.stop();
    },
  };
}
