import { describe, expect, it } from "vitest";
import type { SimMessage } from "../types.ts";
import { generateOrg } from "./generate-org.ts";
import { toEpochMs } from "./time.ts";

const org = generateOrg({ seed: 7, channels: 4, messagesPerChannel: 150 });
const channelChats = org.channels.flatMap((c) => (c.chat_id === null ? [] : [c.chat_id]));
const channelMessages: SimMessage[] = channelChats.flatMap((id) => org.messages[id] ?? []);
const texts = channelMessages.map((m) => m.content.text ?? "");

describe("generateOrg", () => {
  it("when called twice with the same seed, then it returns the same org; another seed differs", () => {
    expect(generateOrg({ seed: 7, channels: 4, messagesPerChannel: 150 })).toEqual(org);
    expect(generateOrg({ seed: 8, channels: 4, messagesPerChannel: 150 })).not.toEqual(org);
  });

  it("when asked for N channels × M messages, then each readable channel has M messages plus one never-opened channel with chat_id null", () => {
    expect(org.channels).toHaveLength(5);
    expect(channelChats).toHaveLength(4);
    for (const id of channelChats) expect(org.messages[id]).toHaveLength(150);
    const unopened = org.channels.find((c) => c.chat_id === null);
    expect(unopened).toMatchObject({ joined: false, total_message_count: "0" });
  });

  it("when messages are generated, then each chat is ascending by time and ids are unique `<ms>_<n>` matching the time", () => {
    for (const msgs of Object.values(org.messages)) {
      const times = msgs.map((m) => toEpochMs(m.time));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const ids = Object.values(org.messages).flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of channelMessages) expect(m.id).toMatch(new RegExp(`^${toEpochMs(m.time)}_\\d+$`));
  });

  it("when a client pages the newest 100, then a run of equal timestamps straddles that page edge", () => {
    for (const id of channelChats) {
      const times = (org.messages[id] ?? []).map((m) => toEpochMs(m.time));
      const edge = times.length - 100;
      expect(times[edge - 1]).toBe(times[edge]);
      const runLength = times.filter((t) => t === times[edge]).length;
      expect(runLength).toBeGreaterThanOrEqual(10);
    }
  });

  it("when a client pages the newest 10, then a run of 5 equal timestamps straddles that edge (3 inside, 2 outside)", () => {
    for (const id of channelChats) {
      const times = (org.messages[id] ?? []).map((m) => toEpochMs(m.time));
      const edge = times.length - 10;
      expect(times[edge - 1]).toBe(times[edge]);
      expect(times.filter((t) => t === times[edge]).length).toBeGreaterThanOrEqual(5);
    }
  });

  it("when hidden entries are generated, then total_message_count is visible + hidden and the newest 110 entries are all visible", () => {
    const big = generateOrg({ seed: 7, channels: 3, messagesPerChannel: 600 });
    for (const c of big.channels.filter((x) => x.chat_id !== null)) {
      const msgs = big.messages[c.chat_id as string] ?? [];
      const hidden = big.hidden?.[c.chat_id as string] ?? [];
      expect(Number(c.total_message_count)).toBe(msgs.length + hidden.length);
      expect(hidden.length).toBeGreaterThan(10);
      const newest110 = toEpochMs((msgs.at(-110) as SimMessage).time);
      expect(hidden.every((h) => h.time <= newest110)).toBe(true);
    }
    const none = generateOrg({ seed: 7, channels: 2, messagesPerChannel: 600, hiddenRate: 0 });
    expect(Object.values(none.hidden ?? {}).flat()).toEqual([]);
  });

  it("when ties are generated, then same-millisecond runs of 3 or more occur mid-history too, not only at the page edges", () => {
    const big = generateOrg({ seed: 9, channels: 2, messagesPerChannel: 900 });
    for (const c of big.channels.filter((x) => x.chat_id !== null)) {
      const times = (big.messages[c.chat_id as string] ?? []).slice(0, 700).map((m) => toEpochMs(m.time));
      const inRunsOf3 = times.filter((t, i) => t === times[i - 1] && t === times[i - 2]);
      expect(inRunsOf3.length).toBeGreaterThan(0);
    }
  });

  it("when the org is generated, then it contains every message kind a transcript converter must handle", () => {
    const types = new Set(channelMessages.map((m) => m.type));
    expect(types).toEqual(new Set(["text", "file", "info", "deleted"]));
    expect(channelMessages.some((m) => m.content.edited === true && typeof m.content.edited_time === "number")).toBe(true);
    expect(channelMessages.some((m) => m.sender.id.startsWith("b-"))).toBe(true);
    expect(new Set(channelMessages.map((m) => m.sender.id)).size).toBeGreaterThanOrEqual(4);
    expect(channelMessages.some((m) => typeof m.time === "string")).toBe(true);
    expect(texts.some((t) => t.includes("\n"))).toBe(true);
    expect(texts.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
    expect(texts.some((t) => /[\u3040-\u30ff\u0600-\u06ff]/.test(t))).toBe(true);
    expect(texts.some((t) => /\*[^*]+\*/.test(t) && /`[^`]+`/.test(t))).toBe(true);
    expect(texts.some((t) => /\{@\d+\}/.test(t))).toBe(true);
    expect(texts.some((t) => /\]\(zohoid:\d+\)/.test(t))).toBe(true);
    const file = channelMessages.find((m) => m.type === "file");
    expect(file?.content.file).toMatchObject({ name: expect.any(String), type: expect.any(String), id: expect.any(String) });
    expect(channelMessages.find((m) => m.type === "deleted")?.content).toEqual({});
  });

  it("when a message starts a thread, then thread_information points at a thread chat holding its replies", () => {
    const parents = channelMessages.filter((m) => m.thread_information !== undefined);
    expect(parents.length).toBeGreaterThan(0);
    for (const p of parents) {
      const info = p.thread_information!;
      expect(info.chat_id).toMatch(/^CT_\d+_\d+-T-\d+$/);
      expect(org.messages[info.chat_id]).toHaveLength(info.message_count);
      expect(info.thread_message_id).toBe(p.id.replace("_", "%20"));
    }
  });

  it("when channels are generated, then last_message_info reflects the last message and Zoho's mixed field forms appear", () => {
    for (const c of org.channels.filter((x) => x.chat_id !== null)) {
      const msgs = org.messages[c.chat_id as string] ?? [];
      const last = msgs.at(-1)!;
      expect(c.last_message_info).toMatchObject({ sender_id: last.sender.id, message_type: last.type });
      // ISO forms carry whole seconds only, as in Zoho's samples
      expect(Math.floor(toEpochMs(last.time) / 1000) * 1000 - toEpochMs(c.last_message_info!.time)).toBeLessThanOrEqual(0);
      expect(toEpochMs(last.time) - toEpochMs(c.last_message_info!.time)).toBeLessThan(1000);
      expect(toEpochMs(last.time) - toEpochMs(c.last_modified_time)).toBeLessThan(1000);
      expect(typeof c.total_message_count).toBe("string");
      expect(Number(c.total_message_count)).toBe(msgs.length + (org.hidden?.[c.chat_id as string]?.length ?? 0));
      expect(c.name.startsWith("#")).toBe(true);
      expect(c.unique_name).toMatch(/^[a-z0-9]+$/);
    }
    expect(new Set(org.channels.map((c) => typeof c.creation_time))).toEqual(new Set(["number", "string"]));
    expect(new Set(org.channels.map((c) => typeof c.participant_count))).toEqual(new Set(["number", "string"]));
  });

  it("when given invalid options, then it throws naming the option", () => {
    expect(() => generateOrg({ seed: 1, channels: -1 })).toThrow(/channels/);
    expect(() => generateOrg({ seed: 1.5 })).toThrow(/seed/);
  });
});
