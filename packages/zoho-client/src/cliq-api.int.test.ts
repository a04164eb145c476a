// Cliq REST v2 against the simulator: channel list (paging, filters), channel detail and chat
// messages, plus the answers Cliq gives for a bad token, a missing scope, a missing or
// forbidden chat, throttling and parameters it does not accept (doc §2, §3).
import { type SimChannel, type SimMessage, generateOrg } from "@cliq/zoho-simulator";
import { type Dispatcher, Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ZohoMessage, normaliseMessageId } from "./domain/message.ts";
import {
  ZohoBadRequestError,
  ZohoForbiddenError,
  ZohoNotFoundError,
  ZohoOAuthError,
  ZohoScopeError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  classifyZohoError,
} from "./errors.ts";
import type { ZohoChannel } from "./domain/channel.ts";
import { type Fixture, rejectionOf, startFixture } from "./testing/sim-fixture.ts";

const org = generateOrg({ seed: 7, channels: 7, messagesPerChannel: 230 });
const GENEROUS = { perMinute: { messages: 10_000, channels: 10_000, channel: 10_000 } };

let fx: Fixture;
let token: string;
let api: { cliqServer: string; accessToken: string };
beforeAll(async () => {
  fx = await startFixture({ data: org, limits: GENEROUS });
  token = fx.sim.issueTokensForTest().accessToken;
  api = { cliqServer: fx.us.cliqServer, accessToken: token };
});
afterAll(async () => {
  await fx.close();
});

const readable = (c: SimChannel) => c.chat_id !== null && c.chat_id !== "null";
const firstChat = () => org.channels.find(readable)?.chat_id as string;

async function collect(gen: AsyncGenerator<ZohoChannel[]>): Promise<ZohoChannel[][]> {
  const pages: ZohoChannel[][] = [];
  for await (const page of gen) pages.push(page);
  return pages;
}

describe("channels", () => {
  it("when listing all channels 3 at a time, then next_token is followed to the end and every channel arrives once", async () => {
    const before = fx.sim.counters().requests.channels;
    const pages = await collect(fx.client.listAllChannels({ ...api, limit: 3 }));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat().map((c) => c.channelId)).toEqual(org.channels.map((c) => c.channel_id));
    expect(fx.sim.counters().requests.channels - before).toBe(3);
  });

  it("when channels carry Zoho's quirks, then every field is normalised (numbers, ms times, null chat_id)", async () => {
    const { channels } = await fx.client.listChannels(api);
    for (const c of channels) {
      expect(typeof c.participantCount).toBe("number");
      expect(typeof c.totalMessageCount).toBe("number");
      expect(typeof c.creationTime).toBe("number");
      expect(typeof c.lastModifiedTime).toBe("number");
    }
    const never = org.channels.find((c) => !readable(c)) as SimChannel;
    expect(channels.find((c) => c.channelId === never.channel_id)?.chatId).toBeNull();
    const first = org.channels[0] as SimChannel;
    expect(channels[0]).toMatchObject({
      channelId: first.channel_id,
      chatId: first.chat_id,
      name: first.name,
      uniqueName: first.unique_name,
      level: first.level,
      status: first.status,
      joined: first.joined,
      participantCount: Number(first.participant_count),
      totalMessageCount: Number(first.total_message_count),
      organizationId: first.organization_id,
    });
    expect(channels[0]?.lastMessageInfo?.text).toBe(first.last_message_info?.text);
  });

  it("when filters are given, then Cliq applies them (joined, level, name)", async () => {
    const joined = await fx.client.listChannels({ ...api, joined: true });
    expect(joined.channels.length).toBeGreaterThan(0);
    expect(joined.channels.every((c) => c.joined === true && c.chatId !== null)).toBe(true);
    const team = await fx.client.listChannels({ ...api, level: "team" });
    expect(team.channels.length).toBeGreaterThan(0);
    expect(team.channels.every((c) => c.level === "team")).toBe(true);
    const first = org.channels[0] as SimChannel;
    const named = await fx.client.listChannels({ ...api, name: first.name, status: "created" });
    expect(named.channels.map((c) => c.channelId)).toContain(first.channel_id);
  });

  it("when a filter value is one Cliq rejects, then ZohoBadRequestError naming Zoho's code and message", async () => {
    const err = await rejectionOf(fx.client.listChannels({ ...api, level: "galaxy" }));
    expect(err).toBeInstanceOf(ZohoBadRequestError);
    expect(err).toMatchObject({ status: 400, zohoCode: "pattern_not_matched", endpoint: "channels", retryable: false });
    expect(err.message).toBe("Zoho channels request failed with HTTP 400 pattern_not_matched: Please check if the value of 'level' is valid.");
    expect(classifyZohoError(err)).toBe("bad_request");
  });

  it("when one channel is fetched, then it equals its list entry", async () => {
    const { channels } = await fx.client.listChannels(api);
    const target = channels[2] as ZohoChannel;
    expect(await fx.client.getChannel({ ...api, channelId: target.channelId })).toEqual(target);
  });

  it("when the channel does not exist, then ZohoNotFoundError request_url_invalid", async () => {
    const err = await rejectionOf(fx.client.getChannel({ ...api, channelId: "T0000000000" }));
    expect(err).toBeInstanceOf(ZohoNotFoundError);
    expect(err).toMatchObject({ status: 404, zohoCode: "request_url_invalid", endpoint: "channel", retryable: false });
    expect(classifyZohoError(err)).toBe("not_found");
  });
});

describe("messages", () => {
  it("when a chat is read without a window, then the newest 100 come back sorted by (time, id) and normalised", async () => {
    const chatId = firstChat();
    const sent = fx.sim.messages(chatId).slice(-100);
    const got = await fx.client.getMessages({ ...api, chatId });
    expect(got).toHaveLength(100);
    expect(new Set(got.map((m) => m.id))).toEqual(new Set(sent.map((m) => normaliseMessageId(m.id))));
    for (let i = 1; i < got.length; i++) {
      const [a, b] = [got[i - 1], got[i]] as [(typeof got)[0], (typeof got)[0]];
      expect(a.time < b.time || (a.time === b.time && a.id < b.id)).toBe(true);
    }
    for (const m of got) {
      expect(typeof m.time).toBe("number");
      expect(m.id).not.toMatch(/ |%20/);
      expect(m.raw).toBeTypeOf("object");
    }
  });

  it("when the whole chat is walked back with toTime, then file, info, deleted, edited and thread-parent messages map as documented", async () => {
    const chatId = firstChat();
    const byId = new Map<string, ZohoMessage>();
    let toTime: number | undefined;
    for (let page = 0; page < 20; page++) {
      const got = await fx.client.getMessages(toTime === undefined ? { ...api, chatId } : { ...api, chatId, toTime });
      if (got.length === 0) break;
      for (const m of got) byId.set(m.id, m);
      toTime = (got[0] as ZohoMessage).time - 1;
    }
    const all = [...byId.values()];
    const sent = new Map(fx.sim.messages(chatId).map((m) => [normaliseMessageId(m.id), m]));
    expect(all.length).toBeGreaterThan(sent.size - 15); // the walk can skip ids sharing a page-edge millisecond
    expect(new Set(all.map((m) => m.type))).toEqual(new Set(["text", "file", "info", "deleted"]));
    expect(all.some((m) => m.edited && m.editedTime !== null)).toBe(true);
    expect(all.some((m) => m.isThreadParent)).toBe(true);
    expect(all.some((m) => m.file !== null && m.comment !== null)).toBe(true);
    for (const m of all) {
      const src = sent.get(m.id) as SimMessage;
      expect(m.type).toBe(src.type);
      expect(m.sender).toEqual(src.sender);
      expect(m.text).toBe(src.content.text ?? null);
      expect(m.comment).toBe(src.content.comment ?? null);
      expect(m.file).toEqual(src.content.file ? { name: src.content.file.name, type: src.content.file.type, id: src.content.file.id } : null);
      expect(m.edited).toBe(src.content.edited ?? false);
      expect(m.editedTime).toBe(src.content.edited_time ?? null);
      expect(m.isThreadParent).toBe(src.thread_information !== undefined);
    }
  });

  it("when fromTime and toTime are given, then only that window comes back, both ends included", async () => {
    const chatId = firstChat();
    const times = fx.sim.messages(chatId).map((m) => Number(m.time));
    const [from, to] = [times[10] as number, times[30] as number];
    const got = await fx.client.getMessages({ ...api, chatId, fromTime: from, toTime: to, limit: 100 });
    expect(got.length).toBe(times.filter((t) => t >= from && t <= to).length);
    expect(got[0]?.time).toBe(from);
    expect(got.at(-1)?.time).toBe(to);
  });

  it("when the chat does not exist, then ZohoNotFoundError; when access is denied, then ZohoForbiddenError", async () => {
    const missing = await rejectionOf(fx.client.getMessages({ ...api, chatId: "CT_0_0" }));
    expect(missing).toBeInstanceOf(ZohoNotFoundError);
    expect(missing).toMatchObject({ status: 404, zohoCode: "request_url_invalid", endpoint: "messages" });

    const denied = org.channels.filter(readable)[3]?.chat_id as string;
    fx.sim.denyChannel(denied);
    const err = await rejectionOf(fx.client.getMessages({ ...api, chatId: denied }));
    expect(err).toBeInstanceOf(ZohoForbiddenError);
    expect(err).toMatchObject({ status: 403, zohoCode: "inactive_appaccount_user", endpoint: "messages", retryable: false });
    expect(classifyZohoError(err)).toBe("forbidden");
  });
});

describe("authorisation", () => {
  it("when the token lacks Messages.READ, then ZohoScopeError on messages while channels still work", async () => {
    const channelsOnly = fx.sim.issueTokensForTest({ scopes: ["ZohoCliq.Channels.READ"] }).accessToken;
    const p = { cliqServer: fx.us.cliqServer, accessToken: channelsOnly };
    await expect(fx.client.listChannels(p)).resolves.toBeTruthy();
    const err = await rejectionOf(fx.client.getMessages({ ...p, chatId: firstChat() }));
    expect(err).toBeInstanceOf(ZohoScopeError);
    expect(err).toMatchObject({ status: 401, zohoCode: "oauthtoken_scope_invalid", endpoint: "messages" });
    expect(classifyZohoError(err)).toBe("scope");
  });

  it("when the access token expired, then ZohoTokenInvalidError, and a refreshed token works", async () => {
    const own = await startFixture({ data: org, limits: GENEROUS });
    try {
      const pair = own.sim.issueTokensForTest();
      own.sim.expireAccessTokens();
      const err = await rejectionOf(own.client.listChannels({ cliqServer: own.us.cliqServer, accessToken: pair.accessToken }));
      expect(err).toBeInstanceOf(ZohoTokenInvalidError);
      expect(err).toMatchObject({ status: 401, zohoCode: "oauthtoken_invalid", endpoint: "channels", retryable: false });
      expect(err.message).not.toContain(pair.accessToken);
      expect(classifyZohoError(err)).toBe("auth");
      const fresh = await own.client.refreshAccessToken({
        accountsServer: own.us.accountsServer,
        clientId: own.sim.clientId,
        clientSecret: own.sim.clientSecret,
        refreshToken: pair.refreshToken,
      });
      await expect(own.client.listChannels({ cliqServer: own.us.cliqServer, accessToken: fresh.accessToken })).resolves.toBeTruthy();
    } finally {
      await own.close();
    }
  });

  it("when every token is revoked, then API calls get ZohoTokenInvalidError and refresh gets invalid_code", async () => {
    const own = await startFixture({ data: org, limits: GENEROUS });
    try {
      const pair = own.sim.issueTokensForTest();
      own.sim.revokeAllTokens();
      const err = await rejectionOf(own.client.getChannel({ cliqServer: own.us.cliqServer, accessToken: pair.accessToken, channelId: "T1" }));
      expect(err).toBeInstanceOf(ZohoTokenInvalidError);
      expect(err).toMatchObject({ status: 401, zohoCode: "oauthtoken_invalid", endpoint: "channel" });
      const refresh = await rejectionOf(
        own.client.refreshAccessToken({
          accountsServer: own.us.accountsServer,
          clientId: own.sim.clientId,
          clientSecret: own.sim.clientSecret,
          refreshToken: pair.refreshToken,
        }),
      );
      expect(refresh).toBeInstanceOf(ZohoOAuthError);
      expect(refresh).toMatchObject({ zohoCode: "invalid_code" });
    } finally {
      await own.close();
    }
  });
});

describe("throttling (doc §3.2)", () => {
  it.each([
    [400, "request_limit_exceeded"],
    [429, null],
  ] as const)("when the messages budget is spent and Cliq answers %i, then ZohoThrottledError with the lock, until the lock ends", async (status, code) => {
    const own = await startFixture({ data: org, limits: { perMinute: { messages: 2, channels: 30, channel: 30 }, throttleStatus: status, lockMs: 300_000 } }, { throttleLockMs: 300_000 });
    try {
      const p = { cliqServer: own.us.cliqServer, accessToken: own.sim.issueTokensForTest().accessToken, chatId: firstChat(), limit: 1 };
      await own.client.getMessages(p);
      await own.client.getMessages(p);
      const err = await rejectionOf(own.client.getMessages(p));
      expect(err).toBeInstanceOf(ZohoThrottledError);
      expect(err).toMatchObject({ status, zohoCode: code, lockMs: 300_000, endpoint: "messages", retryable: true });
      expect(classifyZohoError(err)).toBe("throttle");
      // other endpoints have their own budget
      await expect(own.client.listChannels(p)).resolves.toBeTruthy();
      own.sim.clock.advance(300_001);
      await expect(own.client.getMessages(p)).resolves.toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});

describe("extra_param_found (doc §2.1)", () => {
  it("when a request reaches Cliq with an undocumented parameter, then ZohoBadRequestError naming it", async () => {
    // Stands in for a client bug: a dispatcher that appends a parameter the client never sends.
    const addsSearch = (dispatch: Dispatcher["dispatch"]): Dispatcher["dispatch"] => (opts, handler) =>
      dispatch({ ...opts, path: `${opts.path}${opts.path.includes("?") ? "&" : "?"}search=eng` }, handler);
    const agent = new Agent().compose(addsSearch);
    const own = await startFixture({ data: org, limits: GENEROUS }, { dispatcher: agent });
    try {
      const accessToken = own.sim.issueTokensForTest().accessToken;
      const err = await rejectionOf(own.client.listChannels({ cliqServer: own.us.cliqServer, accessToken }));
      expect(err).toBeInstanceOf(ZohoBadRequestError);
      expect(err).toMatchObject({ status: 400, zohoCode: "extra_param_found", endpoint: "channels" });
      expect(err.message).toBe("Zoho channels request failed with HTTP 400 extra_param_found: 'search' is an extra param in the query.");
      // and without the interfering dispatcher, the client's own requests pass Cliq's strict check
      await expect(fx.client.getChannel({ ...api, channelId: org.channels[0]?.channel_id as string })).resolves.toBeTruthy();
    } finally {
      await own.close();
      await agent.close();
    }
  });
});
