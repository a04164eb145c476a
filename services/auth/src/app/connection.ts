// Connecting and disconnecting the organisation's Zoho Cliq account: the consent URL, the code
// exchange at the data centre the user's account lives in, rotation of the encryption key.
import { AppError, type Actor, type CommandReplyData, type CommandRequestParsed } from "@cliq/contracts";
import type { Logger } from "@cliq/runtime";
import { ZohoError, type ZohoClient } from "@cliq/zoho-client";
import type { Keyring } from "../domain/crypto.ts";
import { needsRotation } from "../domain/crypto.ts";
import { generateState, hashState, STATE_TTL_MS, stateProblem } from "../domain/oauth-state.ts";
import { openAccessToken, openRefreshToken, sealTokens } from "../domain/sealed-tokens.ts";
import type { AuthRepo, ConnectionRow } from "../repo/auth-repo.ts";
import { ADMIN_ROLES, requireRole } from "./access.ts";
import type { DataCentres } from "./data-centres.ts";
import type { AuthEvents } from "./events.ts";
import { codeExchangeError } from "./zoho-errors.ts";

export type ConnectionDeps = {
  repo: AuthRepo;
  zoho: Pick<ZohoClient, "buildAuthorizeUrl" | "exchangeCode" | "revokeToken">;
  keyring: Keyring;
  dataCentres: DataCentres;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: readonly string[];
  defaultLocation: string;
  now: () => number;
  events: AuthEvents;
  logger: Logger;
};

type Req<N extends "authAuthorizeUrl" | "authComplete"> = CommandRequestParsed<N>;

export type Connection = ReturnType<typeof createConnection>;

export function createConnection(d: ConnectionDeps) {
  const log = d.logger.child({ component: "connection" });

  /** Revokes a replaced connection's refresh token, unless Zoho handed the same one out again. */
  async function revokeReplaced(row: ConnectionRow, current: string, why: string): Promise<boolean> {
    try {
      const token = openRefreshToken(d.keyring, row);
      if (token === current) return false;
      await d.zoho.revokeToken({ accountsServer: row.accountsServer, token });
      return true;
    } catch (err) {
      log.warn({ why, error: err instanceof Error ? err.message : String(err) }, "could not revoke the previous refresh token");
      return false;
    }
  }

  return {
    async authorizeUrl(req: Req<"authAuthorizeUrl">): Promise<CommandReplyData<"authAuthorizeUrl">> {
      requireRole(req.actor, ADMIN_ROLES, "Connecting Zoho Cliq");
      const dc = d.dataCentres.byLocation(req.location ?? d.defaultLocation);
      const state = generateState();
      const now = d.now();
      const expiresAt = new Date(now + STATE_TTL_MS);
      const redirectUri = req.redirectUri ?? d.redirectUri;
      await d.repo.pruneStates(new Date(now - 24 * 3_600_000));
      await d.repo.insertState({ stateHash: hashState(state), userId: req.actor.userId, expiresAt, redirectUri, location: dc.location });
      const url = d.zoho.buildAuthorizeUrl({
        accountsServer: dc.accountsServer,
        clientId: d.clientId,
        redirectUri,
        scopes: [...d.scopes],
        state,
        accessType: "offline",
        prompt: "consent",
      });
      return { url, state, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Exchanges the code. `actor` is absent on the browser redirect: the state, which only the
     * user who started the flow ever saw, binds the callback to that user.
     */
    async complete(req: Omit<Req<"authComplete">, "actor"> & { actor?: Actor | undefined }): Promise<CommandReplyData<"authComplete">> {
      if (req.actor !== undefined) requireRole(req.actor, ADMIN_ROLES, "Connecting Zoho Cliq");
      const now = d.now();
      const hash = hashState(req.state);
      const stateRow = await d.repo.findState(hash);
      const problem = stateProblem(stateRow, { now, ...(req.actor === undefined ? {} : { userId: req.actor.userId }) });
      if (problem !== null || stateRow === null) throw problem;
      // Never send the client secret to a host outside the known data-centre table.
      const dc = d.dataCentres.forRedirect({
        accountsServer: req.accountsServer,
        location: req.location,
        fallbackLocation: stateRow.location ?? d.defaultLocation,
      });
      if (!(await d.repo.consumeState(hash, new Date(now)))) {
        throw stateProblem(await d.repo.findState(hash), { now }) ?? new AppError("oauth_state_used", "This OAuth state was already used.");
      }
      let grant;
      try {
        grant = await d.zoho.exchangeCode({
          accountsServer: dc.accountsServer,
          clientId: d.clientId,
          clientSecret: d.clientSecret,
          redirectUri: stateRow.redirectUri ?? d.redirectUri,
          code: req.code,
        });
      } catch (err) {
        throw codeExchangeError(err, dc.accountsServer);
      }
      if (grant.refreshToken === null) {
        throw new AppError(
          "zoho_bad_response",
          `Zoho (${dc.accountsServer}) returned no refresh token; the consent must ask for offline access with prompt=consent. Start the connection again.`,
        );
      }
      const scopes = grant.scope ? grant.scope.split(/[\s,]+/).filter((s) => s !== "") : [...d.scopes];
      const { row, previous } = await d.repo.saveConnection({
        ...sealTokens(d.keyring, { accessToken: grant.accessToken, refreshToken: grant.refreshToken }),
        expiresAt: new Date(now + grant.expiresInSec * 1000),
        authenticatedBy: stateRow.userId,
        location: dc.location,
        accountsServer: dc.accountsServer,
        cliqServer: dc.cliqServer,
        apiDomain: grant.apiDomain,
        scopes,
      });
      log.info({ location: row.location, version: row.tokenVersion, by: row.authenticatedBy }, "Zoho Cliq connected");
      // Zoho keeps at most 20 refresh tokens per user; do not leave the replaced one alive.
      if (previous !== null) await revokeReplaced(previous, grant.refreshToken, "reconnect");
      await d.events.refreshed({ connectionId: row.id, version: row.tokenVersion, expiresAt: row.expiresAt, location: row.location });
      return { location: row.location, expiresAt: row.expiresAt.toISOString(), scopes: row.scopes };
    },

    /** Revokes the refresh token at Zoho (which also kills its access tokens) and forgets it. */
    async disconnect(actor: Actor): Promise<CommandReplyData<"authDisconnect">> {
      requireRole(actor, ADMIN_ROLES, "Disconnecting Zoho Cliq");
      const result = await d.repo.withConnectionLock(async (locked) => {
        const row = locked.row;
        if (row === null) return null;
        let revoked = false;
        let token: string | null = null;
        try {
          token = openRefreshToken(d.keyring, row);
        } catch (err) {
          log.warn({ error: (err as Error).message }, "the stored refresh token cannot be decrypted, so it cannot be revoked; forgetting it");
        }
        if (token !== null) {
          try {
            await d.zoho.revokeToken({ accountsServer: row.accountsServer, token });
            revoked = true;
          } catch (err) {
            if (!(err instanceof ZohoError)) throw err;
            // Zoho down: keep the row so the admin can retry, rather than orphan a live token.
            if (err.retryable) {
              throw new AppError("zoho_unavailable", `Zoho (${row.accountsServer}) could not revoke the token now (${err.message}). Nothing was changed; try again.`, undefined, true);
            }
            log.warn({ zohoCode: err.zohoCode, status: err.status }, "Zoho refused the revoke: the token was already invalid");
          }
        }
        await locked.remove();
        return { row, revoked };
      });
      if (result === null) throw new AppError("zoho_not_connected", "Zoho Cliq is not connected; there is nothing to disconnect.");
      await d.events.revoked({ connectionId: result.row.id, by: actor.userId, reason: result.revoked ? "disconnected" : "disconnected (token already invalid at Zoho)" });
      return { revoked: result.revoked };
    },

    /** Re-encrypts the stored tokens under the current key. */
    async rotate(actor: Actor): Promise<CommandReplyData<"authRotate">> {
      requireRole(actor, ADMIN_ROLES, "Rotating the token encryption key");
      const reencrypted = await d.repo.withConnectionLock(async (locked) => {
        const row = locked.row;
        if (row === null) return 0;
        if (!needsRotation(d.keyring, row.accessTokenEnc) && !needsRotation(d.keyring, row.refreshTokenEnc)) return 0;
        const sealed = sealTokens(d.keyring, { accessToken: openAccessToken(d.keyring, row), refreshToken: openRefreshToken(d.keyring, row) });
        await locked.update(sealed);
        return 1;
      });
      log.info({ reencrypted, keyId: d.keyring.currentKeyId }, "token encryption key rotation done");
      return { reencrypted, keyId: d.keyring.currentKeyId };
    },
  };
}
