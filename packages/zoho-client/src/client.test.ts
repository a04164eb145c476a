// Client behaviour the simulator cannot produce (a repeated next_token, Retry-After, a 200 HTML
// page, 204, wrapped channel detail), driven through undici's MockAgent as the dispatcher.
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ZohoClient, createZohoClient } from "./client.ts";
import { ZohoMalformedResponseError, ZohoThrottledError } from "./errors.ts";

const CLIQ = "https://cliq.zoho.com";
const JSON_HEADERS = { "content-type": "application/json" };
const channel = (id: string) => ({ channel_id: id, name: `#${id}` });

let agent: MockAgent;
let client: ZohoClient;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  client = createZohoClient({ dispatcher: agent, throttleLockMs: 5_000 });
});
afterEach(async () => {
  await agent.close();
});

const pool = () => agent.get(CLIQ);
const api = { cliqServer: CLIQ, accessToken: "1000.tok.en" };

describe("createZohoClient over a mock dispatcher", () => {
  it("when listing channels, then the token goes in a Zoho-oauthtoken header and only documented params are sent", async () => {
    let seen: Record<string, string> = {};
    pool()
      .intercept({ path: "/api/v2/channels?limit=100&joined=true", method: "GET" })
      .reply(200, (opts) => {
        seen = opts.headers as Record<string, string>;
        return { channels: [channel("T1")] };
      }, { headers: JSON_HEADERS });
    const page = await client.listChannels({ ...api, joined: true });
    expect(page).toMatchObject({ hasMore: false, nextToken: null, channels: [{ channelId: "T1" }] });
    expect(seen.authorization).toBe("Zoho-oauthtoken 1000.tok.en");
  });

  it("when Zoho hands back a next_token it already gave, then listAllChannels stops with a malformed error", async () => {
    pool().intercept({ path: "/api/v2/channels?limit=2" }).reply(200, { channels: [channel("T1")], has_more: true, next_token: "A" }, { headers: JSON_HEADERS });
    pool().intercept({ path: "/api/v2/channels?limit=2&next_token=A" }).reply(200, { channels: [channel("T2")], has_more: true, next_token: "A" }, { headers: JSON_HEADERS });
    const seen: string[] = [];
    const err = await (async () => {
      try {
        for await (const page of client.listAllChannels({ ...api, limit: 2 })) seen.push(...page.map((c) => c.channelId));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(seen).toEqual(["T1", "T2"]);
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect((err as Error).message).toBe("channels response: next_token repeats a token already followed");
  });

  it("when maxPages is reached, then listAllChannels stops after that many pages", async () => {
    pool().intercept({ path: "/api/v2/channels?limit=1" }).reply(200, { channels: [channel("T1")], next_token: "A" }, { headers: JSON_HEADERS });
    const pages = [];
    for await (const page of client.listAllChannels({ ...api, limit: 1, maxPages: 1 })) pages.push(page);
    expect(pages).toHaveLength(1);
  });

  it("when a 429 carries Retry-After, then lockMs follows it", async () => {
    pool().intercept({ path: "/api/v2/chats/CT_1/messages" }).reply(429, "", { headers: { "retry-after": "30" } });
    const err = await client.getMessages({ ...api, chatId: "CT_1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoThrottledError);
    expect(err).toMatchObject({ lockMs: 30_000, status: 429 });
  });

  it("when a 429 has no Retry-After, then lockMs is the configured default", async () => {
    pool().intercept({ path: "/api/v2/chats/CT_1/messages" }).reply(429, { message: "Too many requests within a certain time frame." }, { headers: JSON_HEADERS });
    await expect(client.getMessages({ ...api, chatId: "CT_1" })).rejects.toMatchObject({ lockMs: 5_000 });
  });

  it("when a 200 is an HTML page (a login or maintenance page), then malformed naming its title", async () => {
    pool()
      .intercept({ path: "/api/v2/chats/CT_1/messages?limit=10" })
      .reply(200, "<html><head><title>Zoho Accounts</title></head><body>sign in</body></html>", { headers: { "content-type": "text/html" } });
    const err = await client.getMessages({ ...api, chatId: "CT_1", limit: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect(err).toMatchObject({ status: 200, endpoint: "messages" });
    expect((err as Error).message).toBe('messages response: body is an HTML page ("Zoho Accounts"), expected JSON');
  });

  it("when messages answer 204 No Content, then the result is empty", async () => {
    pool().intercept({ path: "/api/v2/chats/CT_1/messages?fromtime=5" }).reply(204, "");
    await expect(client.getMessages({ ...api, chatId: "CT_1", fromTime: 5 })).resolves.toEqual([]);
  });

  it("when channel detail comes wrapped in data, then it is unwrapped; the id is path-encoded", async () => {
    pool().intercept({ path: "/api/v2/channels/T%2F1" }).reply(200, { data: channel("T/1") }, { headers: JSON_HEADERS });
    await expect(client.getChannel({ ...api, channelId: "T/1" })).resolves.toMatchObject({ channelId: "T/1" });
  });

  it("when the token endpoint is called, then a form body carries the grant and the secret never reaches an error", async () => {
    let body = "";
    agent
      .get("https://accounts.zoho.eu")
      .intercept({ path: "/oauth/v2/token", method: "POST" })
      .reply(200, (opts) => {
        body = String(opts.body);
        return { error: "invalid_client_secret" };
      }, { headers: JSON_HEADERS });
    const err = await client
      .refreshAccessToken({ accountsServer: "https://accounts.zoho.eu/", clientId: "1000.C", clientSecret: "s3cr3t", refreshToken: "1000.r.t" })
      .catch((e: unknown) => e);
    expect(new URLSearchParams(body).get("grant_type")).toBe("refresh_token");
    expect(new URLSearchParams(body).get("client_secret")).toBe("s3cr3t");
    expect(err).toMatchObject({ zohoCode: "invalid_client_secret" });
    expect((err as Error).message).not.toMatch(/s3cr3t|1000\.r\.t/);
  });
});
