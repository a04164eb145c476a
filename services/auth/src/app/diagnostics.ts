// Read-only views of the connection: `status` for the integrations page and `test-connection`,
// which makes the cheapest real Cliq call there is and reports what failed.
import { performance } from "node:perf_hooks";
import { AppError, type Actor, type CommandReplyData } from "@cliq/contracts";
import { ZohoError, ZohoTokenInvalidError, type ZohoClient } from "@cliq/zoho-client";
import type { Keyring } from "../domain/crypto.ts";
import { connectionStatus, disconnectedStatus } from "../domain/status.ts";
import type { AuthRepo } from "../repo/auth-repo.ts";
import { ADMIN_ROLES, STATUS_ROLES, requireRole } from "./access.ts";
import type { TokenManager } from "./token-manager.ts";
import { cliqCallError } from "./zoho-errors.ts";

export type DiagnosticsDeps = {
  repo: AuthRepo;
  tokens: TokenManager;
  zoho: Pick<ZohoClient, "listChannels">;
  keyring: Keyring;
  now: () => number;
};

export function createDiagnostics(d: DiagnosticsDeps) {
  const knownKeyIds = new Set(d.keyring.keys.keys());

  return {
    async status(actor: Actor): Promise<CommandReplyData<"authStatus">> {
      requireRole(actor, STATUS_ROLES, "Reading the Zoho Cliq connection status");
      const row = await d.repo.getConnection();
      if (row === null) return disconnectedStatus();
      return connectionStatus(row, { now: d.now(), knownKeyIds, refreshingHere: d.tokens.isRefreshing() });
    },

    async testConnection(actor: Actor): Promise<CommandReplyData<"authTestConnection">> {
      requireRole(actor, ADMIN_ROLES, "Testing the Zoho Cliq connection");
      const started = performance.now();
      const latencyMs = () => Math.round(performance.now() - started);
      let cliqServer = "Cliq";
      try {
        let token = await d.tokens.getToken();
        cliqServer = token.cliqServer;
        const list = async () => d.zoho.listChannels({ cliqServer: token.cliqServer, accessToken: token.accessToken, limit: 1 });
        let page;
        try {
          page = await list();
        } catch (err) {
          if (!(err instanceof ZohoTokenInvalidError)) throw err;
          // Revoked or evicted access token: one refresh, one more try (as any Cliq caller would).
          token = await d.tokens.getToken({ invalidVersion: token.version });
          page = await list();
        }
        return { ok: true, latencyMs: latencyMs(), channelCount: page.channels.length, error: null };
      } catch (err) {
        if (!(err instanceof AppError) && !(err instanceof ZohoError)) throw err;
        return { ok: false, latencyMs: latencyMs(), channelCount: null, error: cliqCallError(err, cliqServer).toBody() };
      }
    },
  };
}
