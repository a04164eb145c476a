import { describe, expect, it } from "vitest";
import type { SimMessage } from "../types.ts";
import { ChatLog } from "./chat-log.ts";
import { generateChat } from "./generate-chat.ts";
import { DEFAULT_QUIRKS } from "./quirks.ts";
import { toEpochMs } from "./time.ts";

const chat = generateChat({ seed: 3, chatId: "CT_big_1", count: 5_000 });
const times = chat.messages.map((m) => toEpochMs(m.time));
/** lengths of same-millisecond runs among the visible messages */
const runLengths = (ts: number[]) => {
  const out: number[] = [];
  let len = 0;
  for (let i = 0; i < ts.length; i++) {
    len += 1;
    if (ts[i + 1] !== ts[i]) {
      out.push(len);
      len = 0;
    }
  }
  return out;
};

describe("generateChat", () => {
  it("when called twice with the same options, then it returns the same chat; another seed or chat id differs", () => {
    expect(generateChat({ seed: 3, chatId: "CT_big_1", count: 5_000 })).toEqual(chat);
    expect(generateChat({ seed: 4, chatId: "CT_big_1", count: 50 }).messages).not.toEqual(generateChat({ seed: 3, chatId: "CT_big_1", count: 50 }).messages);
    expect(generateChat({ seed: 3, chatId: "CT_big_2", count: 50 }).messages).not.toEqual(generateChat({ seed: 3, chatId: "CT_big_1", count: 50 }).messages);
  });

  it("when asked for N messages, then N come back ascending with unique `<ms>_<15 digits>` ids matching their time", () => {
    expect(chat.messages).toHaveLength(5_000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const ids = [...chat.messages.map((m) => m.id), ...chat.hidden.map((h) => h.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of chat.messages) expect(m.id).toMatch(new RegExp(`^${toEpochMs(m.time)}_\\d{15}$`));
    for (const h of chat.hidden) expect(h.id).toMatch(new RegExp(`^${h.time}_\\d{15}$`));
  });

  it("when hiddenRate is the default, then about 6 % of entries are hidden, some in consecutive runs, spread over the history", () => {
    const share = chat.hidden.length / (chat.hidden.length + chat.messages.length);
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.075);
    // hidden entries between the same two visible messages form one run (a deleted stretch)
    const gapOf = (t: number) => times.findIndex((v) => v > t);
    const perGap = new Map<number, number>();
    for (const h of chat.hidden) perGap.set(gapOf(h.time), (perGap.get(gapOf(h.time)) ?? 0) + 1);
    const runs = [...perGap.values()];
    expect(runs.filter((n) => n === 1).length).toBeGreaterThan(runs.length / 2);
    expect(runs.filter((n) => n >= 2 && n <= 8).length).toBeGreaterThan(10);
    expect(chat.hidden[0]?.time).toBeLessThan(times[1_000] as number);
    expect(chat.hidden.at(-1)?.time).toBeGreaterThan(times[4_000] as number);
  });

  it("when walking back from now with totime = oldest - 1, then pages shorter than limit appear long before the history ends", () => {
    const log = new ChatLog(chat.messages, chat.hidden);
    const sizes: number[] = [];
    let totime: number | undefined;
    for (;;) {
      const page = log.window(totime === undefined ? { notAfter: Date.now(), limit: 100 } : { totime, notAfter: Date.now(), limit: 100 }, DEFAULT_QUIRKS);
      if (page.length === 0) break;
      sizes.push(page.length);
      totime = Math.min(...page.map((m) => toEpochMs(m.time))) - 1;
    }
    const shortMidHistory = sizes.slice(0, -1).filter((n) => n < 100).length;
    expect(shortMidHistory).toBeGreaterThan(10);
  });

  it("when ties are generated, then same-millisecond runs occur in every part of the history, 3–12 long about every 150, never longer than maxPerMs", () => {
    for (const part of [times.slice(0, 1_000), times.slice(2_000, 3_000), times.slice(4_000)]) expect(runLengths(part).some((n) => n >= 3)).toBe(true);
    const runs = runLengths(times);
    expect(Math.max(...runs)).toBeLessThanOrEqual(12);
    expect(runs.filter((n) => n >= 3).length).toBeGreaterThan(5_000 / 150 / 2);
    const tied = times.filter((t, i) => i > 0 && t === times[i - 1]).length / times.length;
    expect(tied).toBeGreaterThan(0.04);
  });

  it("when maxPerMs is 1, then no two entries share a millisecond", () => {
    const flat = generateChat({ seed: 3, chatId: "CT_flat", count: 2_000, maxPerMs: 1 });
    const all = [...flat.messages.map((m) => toEpochMs(m.time)), ...flat.hidden.map((h) => h.time)];
    expect(new Set(all).size).toBe(all.length);
  });

  it("when crowdedMs is 150, then exactly 150 visible messages share crowdedTime (more than one page) and no hidden entry does", () => {
    const c = generateChat({ seed: 5, chatId: "CT_crowd", count: 600, crowdedMs: 150 });
    expect(c.crowdedTime).toEqual(expect.any(Number));
    expect(c.messages.filter((m) => toEpochMs(m.time) === c.crowdedTime)).toHaveLength(150);
    expect(c.hidden.some((h) => h.time === c.crowdedTime)).toBe(false);
  });

  it("when endTime is given, then the newest entry is at endTime", () => {
    const c = generateChat({ seed: 5, chatId: "CT_end", count: 300, endTime: 1_800_000_000_000 });
    const newest = Math.max(...c.messages.map((m) => toEpochMs(m.time)), ...c.hidden.map((h) => h.time));
    expect(newest).toBe(1_800_000_000_000);
  });

  it("when messages are generated, then they carry the same content variety as generateOrg's", () => {
    const ms: SimMessage[] = chat.messages;
    expect(new Set(ms.map((m) => m.type))).toEqual(new Set(["text", "file", "info", "deleted"]));
    expect(ms[0]?.type).toBe("info");
    expect(ms.some((m) => m.sender.id.startsWith("b-"))).toBe(true);
    expect(ms.some((m) => (m.content.text ?? "").includes("\n"))).toBe(true);
    expect(ms.some((m) => m.content.edited === true)).toBe(true);
    expect(ms.some((m) => typeof m.time === "string")).toBe(true);
  });

  it("when given invalid options, then it throws naming the option", () => {
    expect(() => generateChat({ seed: 1, chatId: "", count: 1 })).toThrow(/chatId/);
    expect(() => generateChat({ seed: 1, chatId: "c", count: 10, crowdedMs: 11 })).toThrow(/crowdedMs/);
    expect(() => generateChat({ seed: 1, chatId: "c", count: 10, hiddenRate: 0.9 })).toThrow(/hiddenRate/);
  });
});
