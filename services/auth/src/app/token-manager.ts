// Hands out a valid access token and renews it. Refresh is single-flight twice over: callers in
// this process share one promise, and replicas serialise on the connection row's lock and
// re-check after acquiring it, so a burst of requests costs Zoho exactly one token call.
import { AppError, type ErrorCode } from "@cliq/contracts";
import type { Logger } from "@cliq/runtime";
import type { ZohoClient } from "@cliq/zoho-client";
import type { Keyring } from "../domain/crypto.ts";
import { backoffMs, isDue, isExpired, refreshThreshold, spendBudget, timerShouldRefresh, ZOHO_REFRESH_WINDOW_MS } from "../domain/refresh-policy.ts";
import { openAccessToken, openRefreshToken, sealTokens } from "../domain/sealed-tokens.ts";
import type { AuthRepo, ConnectionRow, LockedConnection } from "../repo/auth-repo.ts";
import type { AuthEvents } from "./events.ts";
import { refreshFailure } from "./zoho-errors.ts";

export type AccessToken = { accessToken: string; expiresAt: Date; version: number; cliqServer: string; location: string };

export type TokenRequest = {
  /** Refresh first when the token is valid for less than this (never less than the margin). */
  minValidityMs?: number;
  /** The caller's token of this version was rejected by Cliq (401): return a newer one. */
  invalidVersion?: number;
};

export type TokenManagerDeps = {
  repo: AuthRepo;
  zoho: Pick<ZohoClient, "refreshAccessToken">;
  keyring: Keyring;
  clientId: string;
  clientSecret: string;
  marginMs: number;
  budget: number;
  checkIntervalMs: number;
  now: () => number;
  events: AuthEvents;
  logger: Logger;
  /** The Cliq host of a connection (stored; older rows fall back to the data-centre table). */
  cliqServerFor(row: ConnectionRow): string;
};

type Mode = { force: boolean; thresholdMs: number; invalidVersion: number | undefined; source: "timer" | "token.get" | "manual" };

type Outcome =
  | { kind: "current"; row: ConnectionRow }
  | { kind: "refreshed"; row: ConnectionRow }
  | { kind: "failed"; error: AppError; reauth: ConnectionRow | null };

export type TokenManager = ReturnType<typeof createTokenManager>;

/** Refresh failures that leave the stored access token intact: it may be handed out until it expires. */
const KEEPS_TOKEN = new Set<ErrorCode>(["token_refresh_throttled", "zoho_unavailable", "zoho_bad_response", "oauth_client_invalid"]);

/** The code to answer with while a failed refresh waits for its retry time. */
function deferredCode(last: string | null): ErrorCode {
  return last !== null && KEEPS_TOKEN.has(last as ErrorCode) ? (last as ErrorCode) : "zoho_unavailable";
}

export function createTokenManager(d: TokenManagerDeps) {
  const log = d.logger.child({ component: "tokens" });
  const limits = { budget: d.budget, windowMs: ZOHO_REFRESH_WINDOW_MS };
  let inflight: Promise<ConnectionRow> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;

  const notConnected = () => new AppError("zoho_not_connected", "Zoho Cliq is not connected. A super admin connects it under Integrations → Zoho Cliq.");
  const reauthError = (row: ConnectionRow) =>
    new AppError("reauth_required", `Zoho Cliq needs to be reconnected${row.lastRefreshError ? `: ${row.lastRefreshError}` : ""}. A super admin must reconnect.`);

  function toAccessToken(row: ConnectionRow): AccessToken {
    return { accessToken: openAccessToken(d.keyring, row), expiresAt: row.expiresAt, version: row.tokenVersion, cliqServer: d.cliqServerFor(row), location: row.location };
  }

  async function callZoho(locked: LockedConnection, row: ConnectionRow, mode: Mode, now: number): Promise<Outcome> {
    const budget = spendBudget(row.refreshAttempts, now, limits);
    if (!budget.allowed) {
      const error = new AppError(
        "token_refresh_throttled",
        `The token was refreshed ${budget.used} times in the last 10 minutes, the most this service allows (Zoho locks token requests at 10); next refresh possible at ${budget.retryAt.toISOString()}.`,
        { retryAt: budget.retryAt.toISOString() },
        true,
      );
      await locked.update({ nextRefreshNotBefore: budget.retryAt, lastRefreshError: error.message, lastRefreshErrorCode: error.code });
      return { kind: "failed", reauth: null, error };
    }
    // Decrypt before spending: a missing key is our problem, not a Zoho call.
    const refreshToken = openRefreshToken(d.keyring, row);
    const attempts = { refreshAttempts: budget.attempts };
    try {
      const grant = await d.zoho.refreshAccessToken({ accountsServer: row.accountsServer, clientId: d.clientId, clientSecret: d.clientSecret, refreshToken });
      const sealed = sealTokens(d.keyring, { accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? refreshToken });
      const updated = await locked.update({
        ...sealed,
        ...attempts,
        expiresAt: new Date(now + grant.expiresInSec * 1000),
        tokenVersion: { increment: 1 },
        apiDomain: grant.apiDomain ?? row.apiDomain,
        state: "connected",
        lastRefreshAt: new Date(now),
        lastRefreshError: null,
        lastRefreshErrorCode: null,
        refreshFailureCount: 0,
        nextRefreshNotBefore: null,
      });
      log.info({ version: updated.tokenVersion, expiresAt: updated.expiresAt, source: mode.source }, "access token refreshed");
      return { kind: "refreshed", row: updated };
    } catch (err) {
      const f = refreshFailure(err, row.accountsServer);
      const failures = row.refreshFailureCount + 1;
      const base = { ...attempts, lastRefreshError: f.error.message, lastRefreshErrorCode: f.error.code, refreshFailureCount: failures };
      log.warn({ code: f.error.code, kind: f.kind, failures, source: mode.source, error: f.error.message }, "token refresh failed");
      switch (f.kind) {
        case "reauth": {
          const updated = await locked.update({ ...base, state: "reauth_required", nextRefreshNotBefore: null });
          return { kind: "failed", error: f.error, reauth: updated };
        }
        case "throttled":
          await locked.update({ ...base, nextRefreshNotBefore: new Date(now + f.lockMs) });
          return { kind: "failed", error: f.error, reauth: null };
        case "client":
        case "transient":
          await locked.update({ ...base, nextRefreshNotBefore: new Date(now + backoffMs(failures)) });
          return { kind: "failed", error: f.error, reauth: null };
      }
    }
  }

  async function refreshLocked(mode: Mode): Promise<ConnectionRow> {
    const outcome = await d.repo.withConnectionLock<Outcome>(async (locked) => {
      const row = locked.row;
      const now = d.now();
      if (row === null) return { kind: "failed", error: notConnected(), reauth: null };
      if (row.state === "reauth_required") return { kind: "failed", error: reauthError(row), reauth: null };
      // Re-check under the lock: another caller or replica may have refreshed meanwhile.
      const stale = mode.invalidVersion !== undefined && row.tokenVersion <= mode.invalidVersion;
      if (!mode.force && !stale && !isDue(row.expiresAt, now, mode.thresholdMs)) return { kind: "current", row };
      const waitUntil = row.nextRefreshNotBefore?.getTime() ?? 0;
      if (!mode.force && waitUntil > now) {
        return {
          kind: "failed",
          reauth: null,
          error: new AppError(
            deferredCode(row.lastRefreshErrorCode),
            `Token refresh is paused after a failure (${row.lastRefreshError ?? "unknown"}); next attempt at ${new Date(waitUntil).toISOString()}.`,
            { retryAt: new Date(waitUntil).toISOString() },
            true,
          ),
        };
      }
      return callZoho(locked, row, mode, now);
    });
    switch (outcome.kind) {
      case "current":
        return outcome.row;
      case "refreshed":
        await d.events.refreshed({ connectionId: outcome.row.id, version: outcome.row.tokenVersion, expiresAt: outcome.row.expiresAt, location: outcome.row.location });
        return outcome.row;
      case "failed":
        if (outcome.reauth !== null) {
          await d.events.failed({ connectionId: outcome.reauth.id, version: outcome.reauth.tokenVersion, code: outcome.error.code, message: outcome.error.message });
        }
        throw outcome.error;
    }
  }

  /** One refresh per process at a time; everyone arriving meanwhile shares its result. */
  function refreshShared(mode: Mode): Promise<ConnectionRow> {
    if (inflight === null) {
      inflight = refreshLocked(mode).finally(() => {
        inflight = null;
      });
    }
    return inflight;
  }

  async function tick(): Promise<void> {
    try {
      const row = await d.repo.getConnection();
      if (row === null || !timerShouldRefresh(row, d.now(), d.marginMs)) return;
      await refreshShared({ force: false, thresholdMs: d.marginMs, invalidVersion: undefined, source: "timer" });
    } catch (err) {
      // Already recorded on the row (and published when it needs a human); the timer keeps going.
      if (!(err instanceof AppError)) log.error({ err }, "renewal timer failed");
    }
  }

  return {
    /** A valid access token, refreshed first when inside the margin (or the caller's minimum). */
    async getToken(req: TokenRequest = {}): Promise<AccessToken> {
      const row = await d.repo.getConnection();
      if (row === null) throw notConnected();
      if (row.state === "reauth_required") throw reauthError(row);
      const now = d.now();
      const thresholdMs = refreshThreshold(d.marginMs, req.minValidityMs);
      const stale = req.invalidVersion !== undefined && row.tokenVersion <= req.invalidVersion;
      if (!stale && !isDue(row.expiresAt, now, thresholdMs)) return toAccessToken(row);
      try {
        const fresh = await refreshShared({ force: false, thresholdMs, invalidVersion: req.invalidVersion, source: "token.get" });
        return toAccessToken(fresh);
      } catch (err) {
        // Zoho is down or we must not spend budget: a token that still works beats an error.
        if (err instanceof AppError && KEEPS_TOKEN.has(err.code) && !stale && !isExpired(row.expiresAt, d.now())) {
          log.warn({ code: err.code }, "refresh failed; handing out the current token until it expires");
          return toAccessToken(row);
        }
        throw err;
      }
    },

    /** Manual refresh: skips the due check and the failure backoff, never the budget. */
    refreshNow(): Promise<ConnectionRow> {
      return refreshShared({ force: true, thresholdMs: d.marginMs, invalidVersion: undefined, source: "manual" });
    },

    isRefreshing: () => inflight !== null,

    /** Runs one renewal check now (the timer calls this every checkIntervalMs). */
    tick,

    /** Checks now (a token that fell due while no replica ran), then every checkIntervalMs. */
    start(): void {
      if (timer !== null) return;
      const guarded = () => {
        if (ticking === null) ticking = tick().finally(() => (ticking = null));
      };
      timer = setInterval(guarded, d.checkIntervalMs);
      timer.unref();
      guarded();
    },

    async stop(): Promise<void> {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await Promise.allSettled([ticking, inflight]);
    },
  };
}
