// Request shapes. Cliq v2 rejects unknown query parameters (400 extra_param_found, doc §2.1), so
// only the documented ones are ever sent, and only when the caller set them.

export type AuthorizeParams = {
  accountsServer: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  accessType?: "offline" | "online";
  prompt?: "consent";
};

export type ChannelListParams = {
  /** Page size, 1–100 (Zoho's maximum); default 100. Sent on every page. */
  limit?: number;
  level?: string;
  status?: string;
  joined?: boolean;
  name?: string;
};

export type MessagesParams = {
  /** Epoch ms. */
  fromTime?: number;
  /** Epoch ms. */
  toTime?: number;
  /** 1–100; Zoho's default (and the documented maximum) is 100. */
  limit?: number;
};

function serverBase(server: string, what: string): string {
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    throw new TypeError(`${what} must be an http(s) URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new TypeError(`${what} must be an http(s) URL`);
  if (u.search || u.hash) throw new TypeError(`${what} must not carry a query or fragment`);
  return server.trim().replace(/\/+$/, "");
}

function withQuery(url: string, query?: URLSearchParams): string {
  const q = query?.toString() ?? "";
  return q === "" ? url : `${url}?${q}`;
}

/** `{accountsServer}{path}`, keeping any path prefix the server URL has (the simulator's DCs). */
export function accountsUrl(accountsServer: string, path: string, query?: URLSearchParams): string {
  return withQuery(serverBase(accountsServer, "accountsServer") + path, query);
}

export function apiUrl(cliqServer: string, path: string, query?: URLSearchParams): string {
  return withQuery(`${serverBase(cliqServer, "cliqServer")}/api/v2${path}`, query);
}

function intInRange(name: string, v: number, min: number, max: number): string {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}`);
  return String(v);
}

export function channelListQuery(p: ChannelListParams & { nextToken?: string }): URLSearchParams {
  const q = new URLSearchParams({ limit: intInRange("limit", p.limit ?? 100, 1, 100) });
  if (p.nextToken !== undefined) q.set("next_token", p.nextToken);
  if (p.level !== undefined) q.set("level", p.level);
  if (p.status !== undefined) q.set("status", p.status);
  if (p.joined !== undefined) q.set("joined", String(p.joined));
  if (p.name !== undefined) q.set("name", p.name);
  return q;
}

export function messagesQuery(p: MessagesParams): URLSearchParams {
  const q = new URLSearchParams();
  if (p.fromTime !== undefined) q.set("fromtime", intInRange("fromTime", p.fromTime, 0, Number.MAX_SAFE_INTEGER));
  if (p.toTime !== undefined) q.set("totime", intInRange("toTime", p.toTime, 0, Number.MAX_SAFE_INTEGER));
  if (p.fromTime !== undefined && p.toTime !== undefined && p.fromTime > p.toTime) {
    throw new RangeError("fromTime must not be after toTime");
  }
  if (p.limit !== undefined) q.set("limit", intInRange("limit", p.limit, 1, 100));
  return q;
}

/**
 * The consent URL. Scopes are comma-separated (Zoho requires commas) and the commas are left
 * literal; every other value is percent-encoded.
 */
export function authorizeUrl(p: AuthorizeParams): string {
  if (p.scopes.length === 0) throw new RangeError("scopes must name at least one scope");
  const enc = encodeURIComponent;
  const parts = [
    `response_type=code`,
    `client_id=${enc(p.clientId)}`,
    `scope=${p.scopes.map((s) => enc(s.trim())).join(",")}`,
    `redirect_uri=${enc(p.redirectUri)}`,
    `state=${enc(p.state)}`,
  ];
  if (p.accessType !== undefined) parts.push(`access_type=${p.accessType}`);
  if (p.prompt !== undefined) parts.push(`prompt=${p.prompt}`);
  return `${accountsUrl(p.accountsServer, "/oauth/v2/auth")}?${parts.join("&")}`;
}
