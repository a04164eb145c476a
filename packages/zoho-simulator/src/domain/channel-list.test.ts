import { describe, expect, it } from "vitest";
import { channelListQuery, decodeToken, encodeToken, listChannels, type ChannelListQuery } from "./channel-list.ts";
import { generateOrg } from "./generate-org.ts";
import { parseQuery } from "./query-params.ts";

const org = generateOrg({ seed: 3, channels: 12, messagesPerChannel: 3 });
const ctx = { now: Date.UTC(2025, 5, 1), emailToUserId: (e: string) => (e === "john.doe@zylker.com" ? "55743307" : undefined) };

function query(q: Record<string, string>): ChannelListQuery {
  const r = parseQuery(channelListQuery, q);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function list(q: Record<string, string>) {
  const r = listChannels(org.channels, query(q), ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.page;
}

describe("listChannels", () => {
  it("when paging with next_token, then every channel comes exactly once and the last page has has_more false and no next_token", () => {
    const seen: string[] = [];
    let page = list({ limit: "5" });
    seen.push(...page.channels.map((c) => c.channel_id));
    let pages = 1;
    while (page.has_more) {
      expect(page.next_token).toEqual(expect.any(String));
      page = list({ limit: "5", next_token: page.next_token as string });
      seen.push(...page.channels.map((c) => c.channel_id));
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(page.next_token).toBeUndefined();
    expect(page.sync_token).toEqual(expect.any(String));
    expect(seen).toEqual(org.channels.map((c) => c.channel_id));
  });

  it("when filtering by joined, level, status, name and created_by, then only matching channels come back", () => {
    expect(list({ joined: "false" }).channels.map((c) => c.chat_id)).toEqual([null]);
    expect(list({ level: "team" }).channels.every((c) => c.level === "team")).toBe(true);
    expect(list({ status: "archived" }).channels.map((c) => c.status)).toEqual(["archived"]);
    const named = list({ name: "engineer" }).channels.map((c) => c.name);
    expect(named).toContain("#Engineering");
    expect(named.every((n) => n.toLowerCase().includes("engineer"))).toBe(true);
    const byJohn = list({ created_by: "john.doe@zylker.com" }).channels;
    expect(byJohn.every((c) => c.creator_id === "55743307")).toBe(true);
    expect(list({ created_by: "55743307" }).channels).toEqual(byJohn);
  });

  it("when ordered by -last_modified_time, then the most recently active channel comes first", () => {
    const times = list({ order_by: "-last_modified_time" }).channels.map((c) => new Date(c.last_modified_time).getTime() || Number(c.last_modified_time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("when a sync_token from an earlier listing is passed, then only channels modified since then come back", () => {
    const token = encodeToken("s", Date.UTC(2030, 0, 1));
    expect(list({ sync_token: token }).channels).toEqual([]);
    expect(list({ sync_token: encodeToken("s", 0) }).channels.length).toBe(org.channels.length);
  });

  it("when next_token is garbage, then a 400 names next_token", () => {
    const r = listChannels(org.channels, query({ next_token: "bogus" }), ctx);
    expect(r).toMatchObject({ ok: false, error: { status: 400, body: { code: "pattern_not_matched" } } });
    expect(JSON.stringify(r)).toContain("next_token");
  });

  it("when tokens are encoded, then they decode only as their own kind", () => {
    expect(decodeToken(encodeToken("o", 42), "o")).toBe(42);
    expect(decodeToken(encodeToken("o", 42), "s")).toBeUndefined();
  });
});

describe("channel list params", () => {
  it("when limit is above 100 or an unknown param is sent, then the Zoho error body comes back", () => {
    expect(parseQuery(channelListQuery, { limit: "101" })).toMatchObject({ ok: false, error: { status: 400, body: { code: "pattern_not_matched" } } });
    expect(parseQuery(channelListQuery, { search: "x", limit: "5" })).toEqual({
      ok: false,
      error: { status: 400, body: { code: "extra_param_found", message: "'search' is an extra param in the query." } },
    });
    expect(parseQuery(channelListQuery, { joined: "yes" })).toMatchObject({ ok: false, error: { body: { message: expect.stringContaining("'joined'") } } });
  });
});
