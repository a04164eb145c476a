import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { channelFor } from "./domain/chat-builders.ts";
import { generateChat } from "./domain/generate-chat.ts";
import { DEFAULT_QUIRKS, QUIRK_MODES } from "./domain/quirks.ts";
import { toEpochMs } from "./domain/time.ts";
import { startSimulator } from "./simulator.ts";
import { cliq } from "./testing/sim-http.ts";
import type { SimChannel, SimMessage, Simulator } from "./types.ts";

let sim: Simulator;
let token: string;
// a history long enough for many pages, with hidden entries and ties anywhere (generateChat defaults)
const BIG = "CT_4000000000000000001_15067889";
const big = generateChat({ seed: 21, chatId: BIG, count: 1_500 });
// a plain history: no hidden entries, no ties, so each switch's effect is exact
const PLAIN = "CT_4000000000000000002_15067889";
const plain = generateChat({ seed: 22, chatId: PLAIN, count: 300, hiddenRate: 0, tieRate: 0, maxPerMs: 1 });
const plainTimes = plain.messages.map((m) => toEpochMs(m.time));

beforeAll(async () => {
  sim = await startSimulator({ limits: { perMinute: { messages: 100_000, channels: 1000, channel: 1000 } } });
  sim.addChat(channelFor(BIG, "Big"), big);
  sim.addChat(channelFor(PLAIN, "Plain", { participant_count: "9", creation_time: "2025-01-05T13:30:00+05:30" }), plain);
  token = sim.issueTokensForTest().accessToken;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.setQuirks(DEFAULT_QUIRKS);
  sim.setLimits({ throttleStatus: 400 });
});

async function page(chatId: string, query = ""): Promise<SimMessage[]> {
  const res = await cliq(sim, `/api/v2/chats/${chatId}/messages${query}`, token);
  expect(res.status).toBe(200);
  return res.body.data as SimMessage[];
}
const times = (ms: SimMessage[]) => ms.map((m) => toEpochMs(m.time));

/** never trusts a short page; totime = oldest + 1 loses nothing under either bound; stops on an empty page or no new ids */
async function safeWalk(chatId: string): Promise<{ ids: Set<string>; pages: number[] }> {
  const ids = new Set<string>();
  const pages: number[] = [];
  let totime: number | undefined;
  for (;;) {
    const got = await page(chatId, `?limit=100${totime === undefined ? "" : `&totime=${totime}`}`);
    const fresh = got.filter((m) => !ids.has(m.id));
    if (fresh.length === 0) break;
    pages.push(got.length);
    for (const m of got) ids.add(m.id);
    totime = Math.min(...times(got)) + 1;
  }
  return { ids, pages };
}

describe("default quirks over HTTP", () => {
  it("when walking back, then pages shorter than 100 come mid-history, and a client that stops at the first one loses most of it", async () => {
    const { ids, pages } = await safeWalk(BIG);
    expect(ids.size).toBe(1_500);
    expect(pages.slice(0, -1).some((n) => n < 100)).toBe(true);
    const firstShort = pages.findIndex((n) => n < 100);
    const naive = pages.slice(0, firstShort + 1).reduce((a, b) => a + b, 0);
    expect(naive).toBeLessThan(1_500 / 2);
  });

  it("when the channel is listed or read, then total_message_count counts the hidden entries, as a string", async () => {
    const list = (await cliq(sim, "/api/v2/channels?name=Big", token)).body.channels as SimChannel[];
    expect(list[0]?.total_message_count).toBe(String(1_500 + big.hidden.length));
    const detail = (await cliq(sim, `/api/v2/channels/${list[0]?.channel_id}`, token)).body as SimChannel;
    expect(detail.total_message_count).toBe(String(1_500 + big.hidden.length));
    expect(sim.messages(BIG)).toHaveLength(1_500);
    expect(sim.hiddenEntries(BIG)).toHaveLength(big.hidden.length);
  });
});

describe("each switch over HTTP", () => {
  it("when hidden entries are off, then pages are full and total_message_count leaves them out", async () => {
    sim.setQuirks({ hiddenEntries: false });
    const { ids, pages } = await safeWalk(BIG);
    expect(ids.size).toBe(1_500);
    expect(pages.slice(0, -1).every((n) => n === 100)).toBe(true);
    const ch = (await cliq(sim, "/api/v2/channels?name=Big", token)).body.channels as SimChannel[];
    expect(ch[0]?.total_message_count).toBe("1500");
  });

  it("when bounds are exclusive, then the messages at fromtime and totime are left out", async () => {
    const [from, to] = [plainTimes[10] as number, plainTimes[20] as number];
    expect(await page(PLAIN, `?fromtime=${from}&totime=${to}`)).toHaveLength(11);
    sim.setQuirks({ bounds: "exclusive" });
    expect(times(await page(PLAIN, `?fromtime=${from}&totime=${to}`))).toEqual(plainTimes.slice(11, 20));
  });

  it("when fromtimeWindow is oldest, then fromtime with more matches than limit gives the oldest; newest is the default", async () => {
    const from = plainTimes[0] as number;
    expect(times(await page(PLAIN, `?fromtime=${from}&limit=5`))).toEqual(plainTimes.slice(-5));
    sim.setQuirks({ fromtimeWindow: "oldest" });
    expect(times(await page(PLAIN, `?fromtime=${from}&limit=5`))).toEqual(plainTimes.slice(0, 5));
  });

  it("when pageOrder is desc, then the page comes newest first", async () => {
    sim.setQuirks({ pageOrder: "desc" });
    expect(times(await page(PLAIN, "?limit=5"))).toEqual(plainTimes.slice(-5).reverse());
  });

  it("when timeFormat is string or number, then every time on the wire has that type", async () => {
    expect(new Set((await page(PLAIN)).map((m) => typeof m.time))).toEqual(new Set(["number", "string"]));
    sim.setQuirks({ timeFormat: "string" });
    expect(new Set((await page(PLAIN)).map((m) => typeof m.time))).toEqual(new Set(["string"]));
    sim.setQuirks({ timeFormat: "number" });
    expect(new Set((await page(PLAIN)).map((m) => typeof m.time))).toEqual(new Set(["number"]));
  });

  it("when limit is 150, then 100 come back by default and 150 when honoured", async () => {
    expect(await page(PLAIN, "?limit=150")).toHaveLength(100);
    expect(await page(PLAIN)).toHaveLength(100);
    sim.setQuirks({ limitAbove100: "honour" });
    expect(await page(PLAIN, "?limit=150")).toHaveLength(150);
  });

  it("when channelTimes and counts are forced, then list and detail send that form", async () => {
    const plainChannel = () => cliq(sim, `/api/v2/channels/${channelFor(PLAIN, "x").channel_id}`, token).then((r) => r.body as SimChannel);
    expect(await plainChannel()).toMatchObject({ creation_time: "2025-01-05T13:30:00+05:30", participant_count: "9", total_message_count: "300" });
    sim.setQuirks({ channelTimes: "ms", counts: "number" });
    expect(await plainChannel()).toMatchObject({ creation_time: Date.UTC(2025, 0, 5, 8), participant_count: 9, total_message_count: 300 });
    const listed = ((await cliq(sim, "/api/v2/channels", token)).body.channels as SimChannel[]).filter((c) => c.chat_id !== null);
    expect(listed.every((c) => typeof c.creation_time === "number" && typeof c.last_message_info?.time !== "string" && typeof c.participant_count === "number")).toBe(true);
    sim.setQuirks({ channelTimes: "iso", counts: "string" });
    const iso = await plainChannel();
    expect(iso).toMatchObject({ creation_time: "2025-01-05T13:30:00+05:30", participant_count: "9", total_message_count: "300" });
    expect(iso.last_modified_time).toMatch(/\+05:30$/);
  });

  it("when quirks are set at start or at run time, then quirks() reports them; a bad patch throws and changes nothing", async () => {
    const other = await startSimulator({ quirks: { pageOrder: "desc" } });
    expect(other.quirks()).toEqual({ ...DEFAULT_QUIRKS, pageOrder: "desc" });
    expect(() => other.setQuirks({ bounds: "open" } as never)).toThrow(/bounds/);
    expect(other.quirks().bounds).toBe("inclusive");
    await other.close();
    await expect(startSimulator({ quirks: { counts: 1 } as never })).rejects.toThrow(/counts/);
  });
});

describe("QUIRK_MODES matrix", () => {
  it.each(QUIRK_MODES.map((m) => [m.name, m] as const))("when the mode is %s, then a walk that trusts nothing uncertain reaches every message", async (_name, mode) => {
    sim.setQuirks({ ...DEFAULT_QUIRKS, ...mode.quirks });
    if (mode.limits) sim.setLimits(mode.limits);
    const { ids } = await safeWalk(BIG);
    expect(ids).toEqual(new Set(big.messages.map((m) => m.id)));
  });
});

describe("a millisecond holding more than one page", () => {
  it("when 150 messages share one millisecond, then a totime walk cannot get past 100 of them: the millisecond is unreachable", async () => {
    const CROWDED = "CT_4000000000000000003_15067889";
    const chat = generateChat({ seed: 23, chatId: CROWDED, count: 400, crowdedMs: 150 });
    sim.addChat(channelFor(CROWDED, "Crowded"), chat);
    const { ids } = await safeWalk(CROWDED);
    const atCrowded = chat.messages.filter((m) => toEpochMs(m.time) === chat.crowdedTime);
    expect(atCrowded).toHaveLength(150);
    expect(atCrowded.filter((m) => ids.has(m.id)).length).toBeLessThanOrEqual(100);
    expect(ids.size).toBeLessThan(400);
  });
});
