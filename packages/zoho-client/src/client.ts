// The Zoho client: one request per call, a deadline on each, typed errors, validated and
// normalised results. No retries, no rate limiting, no logging: the services wrap it in a shared
// limiter and their own retry policy, and decide what to log.
import { Agent, type Dispatcher } from "undici";
import { type ZohoChannel, type ZohoChannelPage, parseChannel, parseChannelPage } from "./domain/channel.ts";
import { type ClassifyOptions, classifyAccountsAnswer, classifyApiAnswer, type ApiEndpoint } from "./domain/classify.ts";
import type { Checked } from "./domain/fields.ts";
import { type ZohoMessage, parseMessageList } from "./domain/message.ts";
import { type TokenGrant, parseTokenGrant } from "./domain/token.ts";
import { type ZohoEndpoint, ZohoMalformedResponseError } from "./errors.ts";
import { type HttpDeps, exchange } from "./http.ts";
import { accountsUrl, apiUrl, authorizeUrl, channelListQuery, messagesQuery } from "./requests.ts";
import type { AuthorizeParams, ChannelListParams, MessagesParams } from "./requests.ts";

export type ZohoClientOptions = {
  /** Deadline for a whole exchange (connect, headers, body). Default 15 000 ms. */
  timeoutMs?: number;
  /** TCP/TLS connect deadline for the client's own agent (ignored with `dispatcher`). Default min(timeoutMs, 10 000). */
  connectTimeoutMs?: number;
  /** Bring your own undici dispatcher (proxy, pool settings); the client then owns no sockets. */
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Lock assumed on a throttle without Retry-After (Zoho sends none; doc §3.1: 5–10 min). Default 10 min. */
  throttleLockMs?: number;
};

type Creds = { accountsServer: string; clientId: string; clientSecret: string };
type Api = { cliqServer: string; accessToken: string };

export type ZohoClient = {
  buildAuthorizeUrl(p: AuthorizeParams): string;
  exchangeCode(p: Creds & { redirectUri: string; code: string }): Promise<TokenGrant>;
  refreshAccessToken(p: Creds & { refreshToken: string }): Promise<TokenGrant>;
  revokeToken(p: { accountsServer: string; token: string }): Promise<void>;
  listChannels(p: Api & ChannelListParams & { nextToken?: string }): Promise<ZohoChannelPage>;
  listAllChannels(p: Api & ChannelListParams & { maxPages?: number }): AsyncGenerator<ZohoChannel[], void, undefined>;
  getChannel(p: Api & { channelId: string }): Promise<ZohoChannel>;
  getMessages(p: Api & MessagesParams & { chatId: string }): Promise<ZohoMessage[]>;
  /** Closes the client's own connection pool (no-op with a caller-supplied dispatcher). */
  close(): Promise<void>;
};

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_THROTTLE_LOCK_MS = 10 * 60_000;
const DEFAULT_MAX_PAGES = 50;

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`ZohoClientOptions.${name} must be a positive number`);
  return v;
}

export function createZohoClient(opts: ZohoClientOptions = {}): ZohoClient {
  const timeoutMs = positive("timeoutMs", opts.timeoutMs, DEFAULT_TIMEOUT_MS);
  const connectTimeoutMs = positive("connectTimeoutMs", opts.connectTimeoutMs, Math.min(timeoutMs, 10_000));
  const throttleLockMs = positive("throttleLockMs", opts.throttleLockMs, DEFAULT_THROTTLE_LOCK_MS);
  const ownAgent = opts.dispatcher ? null : new Agent({ connect: { timeout: connectTimeoutMs } });
  const http: HttpDeps = {
    dispatcher: opts.dispatcher ?? (ownAgent as Agent),
    timeoutMs,
    userAgent: opts.userAgent ?? "cliq-sync-zoho-client/0.1",
  };
  const classifyOpts = (): ClassifyOptions => ({ throttleLockMs, now: Date.now() });

  function accept<T>(endpoint: ZohoEndpoint, status: number, checked: Checked<T>): T {
    if (checked.ok) return checked.value;
    throw new ZohoMalformedResponseError(checked.problem, { endpoint, status, zohoCode: null });
  }

  async function callApi(endpoint: ApiEndpoint, p: Api, url: string) {
    const res = await exchange(http, endpoint, {
      method: "GET",
      url,
      headers: { authorization: `Zoho-oauthtoken ${p.accessToken}` },
    });
    return { status: res.status, body: classifyApiAnswer(endpoint, res, classifyOpts()) };
  }

  async function token(form: URLSearchParams, accountsServer: string): Promise<TokenGrant> {
    const res = await exchange(http, "token", { method: "POST", url: accountsUrl(accountsServer, "/oauth/v2/token"), form });
    const body = classifyAccountsAnswer("token", res, classifyOpts());
    return accept("token", res.status, parseTokenGrant(body.kind === "json" ? body.value : undefined));
  }

  async function listChannels(p: Api & ChannelListParams & { nextToken?: string }): Promise<ZohoChannelPage> {
    const url = apiUrl(p.cliqServer, "/channels", channelListQuery(p));
    const { status, body } = await callApi("channels", p, url);
    return accept("channels", status, parseChannelPage(body.kind === "json" ? body.value : undefined));
  }

  return {
    buildAuthorizeUrl: authorizeUrl,

    exchangeCode: (p) =>
      token(
        new URLSearchParams({
          grant_type: "authorization_code",
          client_id: p.clientId,
          client_secret: p.clientSecret,
          redirect_uri: p.redirectUri,
          code: p.code,
        }),
        p.accountsServer,
      ),

    refreshAccessToken: (p) =>
      token(
        new URLSearchParams({
          grant_type: "refresh_token",
          client_id: p.clientId,
          client_secret: p.clientSecret,
          refresh_token: p.refreshToken,
        }),
        p.accountsServer,
      ),

    async revokeToken(p) {
      const url = accountsUrl(p.accountsServer, "/oauth/v2/token/revoke", new URLSearchParams({ token: p.token }));
      const res = await exchange(http, "revoke", { method: "POST", url });
      const body = classifyAccountsAnswer("revoke", res, classifyOpts());
      const value = body.kind === "json" ? body.value : undefined;
      const ok = typeof value === "object" && value !== null && (value as { status?: unknown }).status === "success";
      if (!ok) {
        throw new ZohoMalformedResponseError('revoke response: body.status must be "success"', {
          endpoint: "revoke",
          status: res.status,
          zohoCode: null,
        });
      }
    },

    listChannels,

    async *listAllChannels(p) {
      const maxPages = p.maxPages ?? DEFAULT_MAX_PAGES;
      if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError("maxPages must be a positive integer");
      const { maxPages: _ignored, ...base } = p;
      const seen = new Set<string>();
      let nextToken: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const res = await listChannels(nextToken === undefined ? base : { ...base, nextToken });
        yield res.channels;
        if (!res.hasMore || res.nextToken === null) return;
        // A token handed back twice would loop forever; that is a broken response, not more data.
        if (seen.has(res.nextToken)) {
          throw new ZohoMalformedResponseError("channels response: next_token repeats a token already followed", {
            endpoint: "channels",
            status: 200,
            zohoCode: null,
          });
        }
        seen.add(res.nextToken);
        nextToken = res.nextToken;
      }
    },

    async getChannel(p) {
      if (p.channelId.trim() === "") throw new TypeError("channelId must not be empty");
      const url = apiUrl(p.cliqServer, `/channels/${encodeURIComponent(p.channelId)}`);
      const { status, body } = await callApi("channel", p, url);
      return accept("channel", status, parseChannel(body.kind === "json" ? body.value : undefined));
    },

    async getMessages(p) {
      if (p.chatId.trim() === "") throw new TypeError("chatId must not be empty");
      const url = apiUrl(p.cliqServer, `/chats/${encodeURIComponent(p.chatId)}/messages`, messagesQuery(p));
      const { status, body } = await callApi("messages", p, url);
      if (body.kind === "empty") return []; // 204 No Content: nothing in the window
      return accept("messages", status, parseMessageList(body.kind === "json" ? body.value : undefined));
    },

    async close() {
      await ownAgent?.close();
    },
  };
}
