import { describe, expect, it } from "vitest";
import { BackwardWalk, BadPageError, type WalkState } from "./backward-walk.ts";
import { startPosition, type MessageRef } from "./cursor.ts";

// A chat as zoho-cliq-api.md §2.6 describes it: the newest `limit` ENTRIES at or before totime,
// hidden entries take room but are never returned; bounds inclusive or exclusive; any page order.
type Entry = MessageRef & { hidden?: boolean };
type Mode = { exclusive?: boolean; desc?: boolean };

function zoho(entries: Entry[], mode: Mode = {}) {
  const sorted = [...entries].sort((a, b) => a.time - b.time);
  const requests: (number | null)[] = [];
  return {
    requests,
    page(toTime: number | null, limit = 100): MessageRef[] {
      requests.push(toTime);
      const inRange = sorted.filter((e) => toTime === null || (mode.exclusive ? e.time < toTime : e.time <= toTime));
      const page = inRange.slice(Math.max(0, inRange.length - limit)).filter((e) => !e.hidden).map(({ id, time }) => ({ id, time }));
      return mode.desc ? page.reverse() : page;
    },
  };
}

function walkAll(chat: ReturnType<typeof zoho>, walk: BackwardWalk<MessageRef>) {
  const batches: MessageRef[][] = [];
  const unreachable: number[] = [];
  let state: WalkState | null = null;
  while (!walk.done) {
    const to = walk.nextToTime();
    const r = walk.accept(chat.page(to), to);
    if (r.batch.length > 0) batches.push(r.batch);
    if (r.unreachable) unreachable.push(r.unreachable.time);
    state = r.state;
  }
  return { batches, delivered: batches.flat(), unreachable, state };
}

/** n messages, ids `<ms>_<i>`; every `tieEvery`-th shares the previous ms; every `hideEvery`-th entry hidden. */
function history(n: number, opts: { start?: number; tieEvery?: number; hideEvery?: number } = {}): Entry[] {
  const out: Entry[] = [];
  let t = opts.start ?? 1_000_000;
  for (let i = 0; i < n; i++) {
    if (i > 0 && (opts.tieEvery === undefined || i % opts.tieEvery !== 0)) t += 1_000;
    out.push({ id: `${t}_${String(i).padStart(6, "0")}`, time: t, ...(opts.hideEvery !== undefined && i % opts.hideEvery === 3 ? { hidden: true } : {}) });
  }
  return out;
}

const visible = (es: Entry[]) => es.filter((e) => !e.hidden).map((e) => e.id).sort();
const ids = (ms: MessageRef[]) => ms.map((m) => m.id).sort();
const fromStart = startPosition({ time: null, ids: [] }, 0);

describe("BackwardWalk", () => {
  it("when pages are short mid-history (hidden entries), then it keeps walking and reads every message", () => {
    const h = history(1_200, { hideEvery: 4 });
    const { delivered } = walkAll(zoho(h), new BackwardWalk(fromStart, 100));
    expect(ids(delivered)).toEqual(visible(h));
  });

  it.each<[string, Mode]>([["inclusive", {}], ["exclusive", { exclusive: true }], ["exclusive, descending", { exclusive: true, desc: true }]])(
    "when bounds are %s and ties straddle page edges, then no message is lost or repeated",
    (_name, mode) => {
      const h = history(2_000, { tieEvery: 3, hideEvery: 17 });
      const { delivered } = walkAll(zoho(h, mode), new BackwardWalk(fromStart, 100));
      expect(delivered.map((m) => m.id).sort()).toEqual(visible(h));
      expect(new Set(delivered.map((m) => m.id)).size).toBe(delivered.length);
    },
  );

  it("when batches are delivered, then each is ascending and they go newest first without interleaving", () => {
    const { batches } = walkAll(zoho(history(750, { tieEvery: 4 })), new BackwardWalk(fromStart, 100));
    for (const b of batches) expect(b.map((m) => m.time)).toEqual([...b.map((m) => m.time)].sort((x, y) => x - y));
    for (let i = 1; i < batches.length; i++) expect((batches[i]?.at(-1) as MessageRef).time).toBeLessThanOrEqual((batches[i - 1]?.[0] as MessageRef).time);
  });

  it("when a cursor exists and nothing is new, then one request answers it", () => {
    const h = history(500);
    const last = h.at(-1) as Entry;
    const chat = zoho(h);
    const r = walkAll(chat, new BackwardWalk(startPosition({ time: last.time, ids: [last.id] }, 0), 100));
    expect([r.delivered.length, chat.requests.length]).toEqual([0, 1]);
  });

  it("when 250 messages are newer than the cursor, then exactly they are read, in 3 requests, and the top becomes the cursor", () => {
    const h = history(1_000, { tieEvery: 5 });
    const cut = h[749] as Entry;
    const cursorIds = h.filter((e) => e.time === cut.time && e.id <= cut.id).map((e) => e.id);
    const chat = zoho(h);
    const r = walkAll(chat, new BackwardWalk(startPosition({ time: cut.time, ids: cursorIds }, 0), 100));
    const expected = h.filter((e) => e.time > cut.time || (e.time === cut.time && !cursorIds.includes(e.id)));
    expect(ids(r.delivered)).toEqual(visible(expected));
    expect(chat.requests.length).toBe(3);
    const top = h.at(-1) as Entry;
    expect(r.state?.top).toEqual({ time: top.time, ids: h.filter((e) => e.time === top.time).map((e) => e.id).sort() });
  });

  it("when a walk is resumed from its state, then it continues below the frontier without repeating", () => {
    const h = history(900, { tieEvery: 2, hideEvery: 9 });
    const chat = zoho(h);
    const first = new BackwardWalk<MessageRef>(fromStart, 100);
    const got: MessageRef[] = [];
    for (let i = 0; i < 3; i++) {
      const to = first.nextToTime();
      got.push(...first.accept(chat.page(to), to).batch);
    }
    const rest = walkAll(chat, new BackwardWalk(fromStart, 100, first.state));
    expect(ids([...got, ...rest.delivered])).toEqual(visible(h));
  });

  it.each<[string, Mode]>([["inclusive", {}], ["exclusive", { exclusive: true }]])(
    "when one millisecond holds more than a page (%s bounds), then it is reported and the messages below it are still read",
    (_name, mode) => {
      const below = history(150, { start: 1_000 });
      const dense: Entry[] = Array.from({ length: 130 }, (_, i) => ({ id: `5000000_${String(i).padStart(4, "0")}`, time: 5_000_000 }));
      const above = history(120, { start: 6_000_000 });
      const { delivered, unreachable } = walkAll(zoho([...below, ...dense, ...above], mode), new BackwardWalk(fromStart, 100));
      expect(unreachable).toEqual([5_000_000]);
      const got = new Set(delivered.map((m) => m.id));
      expect([...below, ...above].every((e) => got.has(e.id))).toBe(true);
      expect(new Set(delivered.map((m) => m.id)).size).toBe(delivered.length);
    },
  );

  it.each([
    ["a message newer than the page's totime", [{ id: "9_a", time: 9 }], 5, "newer than the page's totime 5"],
    ["an id twice in one page", [{ id: "3_a", time: 3 }, { id: "3_a", time: 3 }], 5, "appears twice in one page"],
    ["a time that is not epoch ms", [{ id: "x", time: Number.NaN }], null, "not epoch milliseconds"],
  ])("when a page holds %s, then it is refused naming it", (_n, page, to, text) => {
    const walk = new BackwardWalk<MessageRef>(fromStart, 100, { top: { time: 10, ids: ["10_z"] }, frontier: { time: 4, ids: ["4_a"] } });
    expect(() => walk.accept(page, to)).toThrow(BadPageError);
    expect(() => walk.accept(page, to)).toThrow(text);
  });
});
