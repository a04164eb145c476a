import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg } from "./domain/generate-org.ts";
import { toEpochMs } from "./domain/time.ts";
import { startSimulator } from "./simulator.ts";
import { cliq } from "./testing/sim-http.ts";
import type { SimChannel, SimMessage, Simulator } from "./types.ts";

let sim: Simulator;
let token: string;
const org = generateOrg({ seed: 11, channels: 7, messagesPerChannel: 230 });
const first = org.channels[0] as SimChannel;
const chatId = first.chat_id as string;

beforeAll(async () => {
  // generous limits: this file tests shapes and semantics, rate-limit.int.test.ts tests limits
  sim = await startSimulator({ data: org, limits: { perMinute: { messages: 1000, channels: 1000, channel: 1000 } } });
  token = sim.issueTokensForTest().accessToken;
});
afterAll(async () => {
  await sim.close();
});

const times = (data: unknown) => (data as SimMessage[]).map((m) => toEpochMs(m.time));

describe("auth", () => {
  it("when the token is sent as Zoho-oauthtoken or Bearer, then both work; missing or unknown gives 401 oauthtoken_invalid", async () => {
    expect((await cliq(sim, "/api/v2/channels", token)).status).toBe(200);
    expect((await cliq(sim, "/api/v2/channels", token, { scheme: "Bearer" })).status).toBe(200);
    const missing = await cliq(sim, "/api/v2/channels", undefined);
    expect(missing).toMatchObject({ status: 401, body: { code: "oauthtoken_invalid", message: "Invalid OAuth token passed." } });
    expect((await cliq(sim, "/api/v2/channels", "1000.x.y")).status).toBe(401);
  });

  it("when a token lacks the endpoint's scope, then 401 oauthtoken_scope_invalid", async () => {
    const channelsOnly = sim.issueTokensForTest({ scopes: ["ZohoCliq.Channels.READ"] }).accessToken;
    expect((await cliq(sim, "/api/v2/channels", channelsOnly)).status).toBe(200);
    expect(await cliq(sim, `/api/v2/chats/${chatId}/messages`, channelsOnly)).toMatchObject({ status: 401, body: { code: "oauthtoken_scope_invalid" } });
  });

  it("when a token from eu is used at the us Cliq host, then it is refused", async () => {
    const eu = sim.issueTokensForTest({ location: "eu" }).accessToken;
    expect((await cliq(sim, "/api/v2/channels", eu, { location: "eu" })).status).toBe(200);
    expect((await cliq(sim, "/api/v2/channels", eu, { location: "us" })).status).toBe(401);
  });

  it("when access tokens are expired by the test control, then calls get 401", async () => {
    const mine = sim.issueTokensForTest().accessToken;
    sim.expireAccessTokens();
    expect((await cliq(sim, "/api/v2/channels", mine)).status).toBe(401);
    token = sim.issueTokensForTest().accessToken;
  });
});

describe("GET /api/v2/channels", () => {
  it("when paging with limit and next_token, then all channels arrive over several pages with has_more and sync_token", async () => {
    const seen: string[] = [];
    let path = "/api/v2/channels?limit=3";
    let pages = 0;
    for (;;) {
      const { status, body } = await cliq(sim, path, token);
      expect(status).toBe(200);
      expect(body.sync_token).toEqual(expect.any(String));
      seen.push(...(body.channels as SimChannel[]).map((c) => c.channel_id));
      pages += 1;
      if (!body.has_more) {
        expect(body).not.toHaveProperty("next_token");
        break;
      }
      path = `/api/v2/channels?limit=3&next_token=${encodeURIComponent(body.next_token as string)}`;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(org.channels.map((c) => c.channel_id));
  });

  it("when limit is above 100 or an unknown param is sent, then 400 with Zoho's error code", async () => {
    expect(await cliq(sim, "/api/v2/channels?limit=101", token)).toMatchObject({ status: 400, body: { code: "pattern_not_matched" } });
    expect(await cliq(sim, "/api/v2/channels?search=eng", token)).toMatchObject({
      status: 400,
      body: { code: "extra_param_found", message: "'search' is an extra param in the query." },
    });
  });

  it("when filtering joined=true, then the never-opened channel with chat_id null is left out", async () => {
    const all = (await cliq(sim, "/api/v2/channels", token)).body.channels as SimChannel[];
    const joined = (await cliq(sim, "/api/v2/channels?joined=true", token)).body.channels as SimChannel[];
    expect(all.some((c) => c.chat_id === null)).toBe(true);
    expect(joined.every((c) => c.chat_id !== null)).toBe(true);
  });
});

describe("GET /api/v2/channels/{id}", () => {
  it("when the channel exists, then the object comes back unwrapped; by unique_name too; unknown gives 404 request_url_invalid", async () => {
    const byId = await cliq(sim, `/api/v2/channels/${first.channel_id}`, token);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ channel_id: first.channel_id, chat_id: chatId, name: first.name });
    expect((await cliq(sim, `/api/v2/channels/${first.unique_name}`, token)).body.channel_id).toBe(first.channel_id);
    expect(await cliq(sim, "/api/v2/channels/T000", token)).toMatchObject({ status: 404, body: { code: "request_url_invalid" } });
  });
});

describe("GET /api/v2/chats/{chat_id}/messages", () => {
  const all = org.messages[chatId] as SimMessage[];
  const allTimes = times(all);

  it("when no window is given, then the newest 100 come back ascending in a bare {data} envelope", async () => {
    const { status, body } = await cliq(sim, `/api/v2/chats/${chatId}/messages`, token);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["data"]);
    expect((body.data as SimMessage[]).map((m) => m.id)).toEqual(all.slice(-100).map((m) => m.id));
    const t = times(body.data);
    expect(t).toEqual([...t].sort((a, b) => a - b));
  });

  it("when fromtime and totime are given, then messages at both bounds are included", async () => {
    const from = allTimes[10] as number;
    const to = allTimes[20] as number;
    const { body } = await cliq(sim, `/api/v2/chats/${chatId}/messages?fromtime=${from}&totime=${to}`, token);
    const expected = all.filter((m) => toEpochMs(m.time) >= from && toEpochMs(m.time) <= to).map((m) => m.id);
    expect((body.data as SimMessage[]).map((m) => m.id)).toEqual(expected);
    expect(times(body.data)[0]).toBe(from);
    expect(times(body.data).at(-1)).toBe(to);
  });

  it("when walking back with totime = oldest - 1, then every message with a distinct time is reached", async () => {
    const got = new Set<string>();
    let totime: number | undefined;
    for (let i = 0; i < 10; i++) {
      const { body } = await cliq(sim, `/api/v2/chats/${chatId}/messages?limit=50${totime === undefined ? "" : `&totime=${totime}`}`, token);
      const page = body.data as SimMessage[];
      if (page.length === 0) break;
      page.forEach((m) => got.add(m.id));
      totime = Math.min(...times(page)) - 1;
    }
    // only messages sharing a millisecond with a page's oldest entry can be lost this way
    expect(got.size).toBeGreaterThan(all.length - 15);
  });

  it("when limit exceeds 100, then at most 100 come back; limit 0 or a bad fromtime is a 400", async () => {
    expect(((await cliq(sim, `/api/v2/chats/${chatId}/messages?limit=1000`, token)).body.data as unknown[]).length).toBe(100);
    expect((await cliq(sim, `/api/v2/chats/${chatId}/messages?limit=0`, token)).status).toBe(400);
    expect((await cliq(sim, `/api/v2/chats/${chatId}/messages?fromtime=yesterday`, token)).status).toBe(400);
    expect((await cliq(sim, `/api/v2/chats/${chatId}/messages?before=1`, token)).body.code).toBe("extra_param_found");
  });

  it("when reading a thread chat, then its replies come back", async () => {
    const parent = all.find((m) => m.thread_information !== undefined) as SimMessage;
    const { body } = await cliq(sim, `/api/v2/chats/${parent.thread_information!.chat_id}/messages`, token);
    expect((body.data as unknown[]).length).toBe(parent.thread_information!.message_count);
  });

  it("when messages are added live, then they appear at the end and the channel's last_message_info follows", async () => {
    const now = sim.clock.now();
    const live: SimMessage[] = [
      { id: `${now - 5}_1`, time: now - 5, type: "text", sender: { id: "55743307", name: "John Doe" }, content: { text: "live one" } },
      { id: `${now - 5}_2`, time: now - 5, type: "text", sender: { id: "55743307", name: "John Doe" }, content: { text: "live two" } },
    ];
    const target = org.channels[1] as SimChannel;
    sim.addMessages(target.chat_id as string, live);
    const { body } = await cliq(sim, `/api/v2/chats/${target.chat_id}/messages?limit=2`, token);
    expect((body.data as SimMessage[]).map((m) => m.id)).toEqual([`${now - 5}_1`, `${now - 5}_2`]);
    const ch = (await cliq(sim, `/api/v2/channels/${target.channel_id}`, token)).body as SimChannel;
    expect(ch.last_message_info?.text).toBe("live two");
  });

  it("when a message is later than the simulator clock, then it is not returned until the clock reaches it", async () => {
    const at = sim.clock.now() + 60_000;
    const target = org.channels[2] as SimChannel;
    sim.addMessages(target.chat_id as string, [{ id: `${at}_9`, time: at, type: "text", sender: { id: "55743307", name: "John Doe" }, content: { text: "future" } }]);
    const before = await cliq(sim, `/api/v2/chats/${target.chat_id}/messages?limit=1`, token);
    expect((before.body.data as SimMessage[])[0]?.id).not.toBe(`${at}_9`);
    sim.clock.advance(60_000);
    const after = await cliq(sim, `/api/v2/chats/${target.chat_id}/messages?limit=1`, token);
    expect((after.body.data as SimMessage[])[0]?.id).toBe(`${at}_9`);
  });

  it("when the chat is unknown, removed, denied, null, or read via /channels/{id}/messages, then 404/403 as Cliq answers", async () => {
    expect(await cliq(sim, "/api/v2/chats/CT_nope/messages", token)).toMatchObject({ status: 404, body: { code: "request_url_invalid" } });
    expect((await cliq(sim, "/api/v2/chats/null/messages", token)).status).toBe(404);
    expect(await cliq(sim, `/api/v2/channels/${first.channel_id}/messages`, token)).toMatchObject({ status: 404, body: { code: "request_url_invalid" } });
    const denied = org.channels[3] as SimChannel;
    sim.denyChannel(denied.chat_id as string);
    expect(await cliq(sim, `/api/v2/chats/${denied.chat_id}/messages`, token)).toMatchObject({ status: 403, body: { code: "inactive_appaccount_user" } });
    const removed = org.channels[4] as SimChannel;
    sim.removeChannel(removed.channel_id);
    expect((await cliq(sim, `/api/v2/chats/${removed.chat_id}/messages`, token)).status).toBe(404);
    expect((await cliq(sim, `/api/v2/channels/${removed.channel_id}`, token)).status).toBe(404);
    expect(sim.channels().some((c) => c.channel_id === removed.channel_id)).toBe(false);
  });
});

describe("index and counters", () => {
  it("when GET / and /_sim/counters are read, then they list the data centres and the request counts", async () => {
    const index = (await (await fetch(`${sim.url}/`)).json()) as { dataCentres: unknown; counters: { requests: { channels: number } } };
    expect(index.dataCentres).toEqual(sim.dataCentres);
    const counters = await (await fetch(`${sim.url}/_sim/counters`)).json();
    expect(counters).toEqual(sim.counters());
    expect(sim.counters().requests.channels).toBeGreaterThan(0);
  });
});
