// Zoho Accounts' grant and token state (doc §1.2–§1.7): single-use grant codes bound to
// client, redirect URI and data centre; refresh tokens that never expire; access tokens that
// live 1 h; and the token limits of §1.6 (10 live access tokens per refresh token, 10 refresh
// grants per 10 min per refresh token, 20 refresh tokens per user and client).
import { randomBytes } from "node:crypto";
import { apiDomainFor } from "./zoho-hosts.ts";

export const CODE_TTL_MS = 120_000;
export const ACCESS_TOKEN_TTL_S = 3600;
export const MAX_LIVE_ACCESS_TOKENS = 10;
export const MAX_REFRESH_TOKENS_PER_USER = 20;
export const REFRESH_THROTTLE_WINDOW_MS = 600_000;

export type TokenStoreConfig = {
  clientId: () => string;
  clientSecret: () => string;
  now: () => number;
  refreshLimit: () => number;
};

type Grant = { clientId: string; redirectUri: string; location: string; scopes: string[]; userId: string; withRefresh: boolean; expiresAt: number; used: boolean };
type RefreshToken = { userId: string; clientId: string; location: string; scopes: string[]; accessTokens: string[]; windowStart: number; grantsInWindow: number };
export type AccessToken = { userId: string; location: string; scopes: string[]; expiresAt: number; refreshToken?: string };

export type TokenSuccess = { access_token: string; refresh_token?: string; api_domain: string; token_type: "Bearer"; expires_in: number };
export type TokenOutcome = { kind: "ok"; body: TokenSuccess } | { kind: "error"; error: "invalid_code" | "invalid_client" | "invalid_client_secret" } | { kind: "throttled" };

export function newZohoToken(): string {
  return `1000.${randomBytes(16).toString("hex")}.${randomBytes(16).toString("hex")}`;
}

export class TokenStore {
  readonly #cfg: TokenStoreConfig;
  readonly #grants = new Map<string, Grant>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #access = new Map<string, AccessToken>();
  /** refresh tokens per user+client, oldest first */
  readonly #byUser = new Map<string, string[]>();

  constructor(cfg: TokenStoreConfig) {
    this.#cfg = cfg;
  }

  /** a consent: offline access yields a refresh token only on first consent or with prompt=consent (doc §1.2). */
  issueCode(g: { clientId: string; redirectUri: string; location: string; scopes: string[]; userId: string; offline: boolean; promptConsent: boolean }): string {
    const code = newZohoToken();
    const firstConsent = (this.#byUser.get(userKey(g.userId, g.clientId)) ?? []).length === 0;
    this.#grants.set(code, {
      clientId: g.clientId, redirectUri: g.redirectUri, location: g.location, scopes: g.scopes, userId: g.userId,
      withRefresh: g.offline && (g.promptConsent || firstConsent), expiresAt: this.#cfg.now() + CODE_TTL_MS, used: false,
    });
    return code;
  }

  exchangeCode(p: { clientId?: string; clientSecret?: string; code?: string; redirectUri?: string; location: string }): TokenOutcome {
    const clientError = this.#checkClient(p.clientId, p.clientSecret);
    if (clientError) return clientError;
    const grant = p.code === undefined ? undefined : this.#grants.get(p.code);
    if (!grant || grant.used || this.#cfg.now() >= grant.expiresAt || grant.location !== p.location || grant.clientId !== p.clientId || grant.redirectUri !== p.redirectUri) {
      return { kind: "error", error: "invalid_code" };
    }
    grant.used = true;
    if (!grant.withRefresh) {
      const access = this.#mintAccess({ userId: grant.userId, location: grant.location, scopes: grant.scopes });
      return { kind: "ok", body: this.#success(access, grant.location) };
    }
    const { refreshToken, accessToken } = this.issuePair(grant.userId, grant.clientId, grant.location, grant.scopes);
    const { api_domain, token_type, expires_in } = this.#success(accessToken, grant.location);
    // key order as in Zoho's documented sample (doc §1.3)
    return { kind: "ok", body: { access_token: accessToken, refresh_token: refreshToken, api_domain, token_type, expires_in } };
  }

  refresh(p: { clientId?: string; clientSecret?: string; refreshToken?: string; location: string }): TokenOutcome {
    const clientError = this.#checkClient(p.clientId, p.clientSecret);
    if (clientError) return clientError;
    const rt = p.refreshToken === undefined ? undefined : this.#refresh.get(p.refreshToken);
    if (!rt || rt.location !== p.location || rt.clientId !== p.clientId) return { kind: "error", error: "invalid_code" };
    const now = this.#cfg.now();
    if (now - rt.windowStart >= REFRESH_THROTTLE_WINDOW_MS) {
      rt.windowStart = now;
      rt.grantsInWindow = 0;
    }
    rt.grantsInWindow += 1;
    // "blocked for the rest of the ten minutes" (doc §1.6)
    if (rt.grantsInWindow > this.#cfg.refreshLimit()) return { kind: "throttled" };
    const access = this.#mintAccess({ userId: rt.userId, location: rt.location, scopes: rt.scopes, refreshToken: p.refreshToken as string });
    return { kind: "ok", body: this.#success(access, rt.location) };
  }

  /** a new refresh token plus its first access token (also the test shortcut). */
  issuePair(userId: string, clientId: string, location: string, scopes: string[]): { refreshToken: string; accessToken: string } {
    const refreshToken = newZohoToken();
    this.#refresh.set(refreshToken, { userId, clientId, location, scopes, accessTokens: [], windowStart: this.#cfg.now(), grantsInWindow: 0 });
    const list = this.#byUser.get(userKey(userId, clientId)) ?? [];
    list.push(refreshToken);
    this.#byUser.set(userKey(userId, clientId), list);
    while (list.length > MAX_REFRESH_TOKENS_PER_USER) this.revoke(list[0] as string);
    const accessToken = this.#mintAccess({ userId, location, scopes, refreshToken });
    return { refreshToken, accessToken };
  }

  /** revokes a refresh token (with its access tokens) or one access token; false if unknown. */
  revoke(token: string): boolean {
    const rt = this.#refresh.get(token);
    if (rt) {
      for (const at of rt.accessTokens) this.#access.delete(at);
      this.#refresh.delete(token);
      const list = this.#byUser.get(userKey(rt.userId, rt.clientId));
      if (list) list.splice(list.indexOf(token), 1);
      return true;
    }
    const at = this.#access.get(token);
    if (!at) return false;
    this.#access.delete(token);
    if (at.refreshToken !== undefined) {
      const owner = this.#refresh.get(at.refreshToken);
      if (owner) owner.accessTokens = owner.accessTokens.filter((t) => t !== token);
    }
    return true;
  }

  tokenKind(token: string): "refresh_token" | "access_token" | undefined {
    if (this.#refresh.has(token)) return "refresh_token";
    return this.#access.has(token) ? "access_token" : undefined;
  }

  /** the live access token, or undefined when unknown, expired, evicted, revoked or from another DC. */
  authenticate(token: string, location: string): AccessToken | undefined {
    const at = this.#access.get(token);
    if (!at || at.location !== location || this.#cfg.now() >= at.expiresAt) return undefined;
    return at;
  }

  revokeAll(): void {
    this.#grants.clear();
    this.#refresh.clear();
    this.#access.clear();
    this.#byUser.clear();
  }

  expireAllAccessTokens(): void {
    const now = this.#cfg.now();
    for (const at of this.#access.values()) at.expiresAt = Math.min(at.expiresAt, now);
  }

  #checkClient(clientId: string | undefined, clientSecret: string | undefined): TokenOutcome | undefined {
    if (clientId !== this.#cfg.clientId()) return { kind: "error", error: "invalid_client" };
    if (clientSecret !== this.#cfg.clientSecret()) return { kind: "error", error: "invalid_client_secret" };
    return undefined;
  }

  #mintAccess(a: { userId: string; location: string; scopes: string[]; refreshToken?: string }): string {
    const token = newZohoToken();
    const now = this.#cfg.now();
    this.#access.set(token, { ...a, expiresAt: now + ACCESS_TOKEN_TTL_S * 1000 });
    const rt = a.refreshToken === undefined ? undefined : this.#refresh.get(a.refreshToken);
    if (rt) {
      rt.accessTokens = rt.accessTokens.filter((t) => this.authenticate(t, rt.location) !== undefined);
      rt.accessTokens.push(token);
      // "the 11th request invalidates the oldest" (doc §1.6)
      while (rt.accessTokens.length > MAX_LIVE_ACCESS_TOKENS) this.#access.delete(rt.accessTokens.shift() as string);
    }
    return token;
  }

  #success(accessToken: string, location: string): TokenSuccess {
    return { access_token: accessToken, api_domain: apiDomainFor(location), token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_S };
  }
}

function userKey(userId: string, clientId: string): string {
  return `${userId}\u0000${clientId}`;
}

/** scope names are compared case-insensitively; `.ALL` covers `.READ` (doc §1.10). */
export function hasScope(granted: readonly string[], needed: string): boolean {
  const want = needed.toLowerCase();
  const all = want.replace(/\.[a-z]+$/, ".all");
  return granted.some((s) => {
    const g = s.toLowerCase();
    return g === want || g === all;
  });
}

/** Zoho takes a comma-separated scope list; tolerate spaces as well. */
export function parseScopes(scope: string): string[] {
  return scope.split(/[\s,]+/).filter((s) => s !== "");
}
