import { describe, expect, it } from "vitest";
import { advance, compareMessages, startPosition, type MessageRef, type Position } from "../domain/cursor.ts";
import { FakeChat, generateMessages } from "./fake-chat.ts";
import { MessageSource, type SourceOptions } from "./message-source.ts";

const OPTS: SourceOptions = { pageSize: 100, targetPages: 10, maxPagesPerWindow: 25, cap: 1_000_000, windowsInFlight: 1, openWindowPages: 5 };

async function readAll(chat: FakeChat, start: Position, opts: Partial<SourceOptions> = {}) {
  const src = new MessageSource<MessageRef>(async (q) => chat.page(q), start, { ...OPTS, ...opts });
  const out: MessageRef[] = [];
  let biggestWindow = 0;
  for (let w = await src.next(); w !== null; w = await src.next()) {
    out.push(...w.messages);
    biggestWindow = Math.max(biggestWindow, w.messages.length);
  }
  await src.close();
  return { out, caughtUp: src.caughtUp, requests: src.requests, biggestWindow };
}

const ids = (ms: readonly MessageRef[]) => ms.map((m) => m.id);
const fresh = () => startPosition({ time: null, ids: [] }, 0);

describe("reading new messages window by window", () => {
  it("when fewer than a page are new, then one request fetches them all", async () => {
    const chat = new FakeChat(generateMessages(60));
    const r = await readAll(chat, fresh());
    expect(ids(r.out)).toEqual(ids(chat.all()));
    expect(r.requests).toBe(1);
    expect(r.caughtUp).toBe(true);
  });

  it("when the backlog is 5,000 messages with shared milliseconds, then each arrives once, in order, with few wasted requests", async () => {
    const chat = new FakeChat(generateMessages(5_000));
    const r = await readAll(chat, fresh());
    expect(ids(r.out)).toEqual(ids(chat.all()));
    // The open window's first pages are read again later (OPTS.openWindowPages - 1 of them).
    expect(r.requests).toBeLessThanOrEqual(Math.ceil(5_000 / 100) * 1.15 + 3 + (OPTS.openWindowPages - 1));
    expect(r.biggestWindow).toBeLessThanOrEqual(25 * 100);
  });

  it("when a run continues a capped one (a deep backlog known), then the open window is left after one page", async () => {
    const chat = new FakeChat(generateMessages(5_000));
    const r = await readAll(chat, fresh(), { openWindowPages: 1 });
    expect(ids(r.out)).toEqual(ids(chat.all()));
    expect(r.requests).toBeLessThanOrEqual(Math.ceil(5_000 / 100) * 1.15 + 3);
  });

  it("when 400 messages sit years after the start position (a first backfill), then they cost one request per page plus one", async () => {
    const year = 365 * 86_400_000;
    const chat = new FakeChat(generateMessages(400, 10 * year, 60_000));
    const r = await readAll(chat, fresh());
    expect(ids(r.out)).toEqual(ids(chat.all()));
    expect(r.requests).toBe(5);
    expect(r.caughtUp).toBe(true);
  });

  it("when messages come in bursts months apart, then the empty months cost a few requests each, not one per message page", async () => {
    const day = 86_400_000;
    const bursts = Array.from({ length: 10 }, (_, b) => generateMessages(300, 1_000 * day + b * 90 * day, 1_000, 1_000_000).map((m) => ({ ...m, id: `${b}_${m.id}` })));
    const chat = new FakeChat(bursts.flat());
    // The worker's window sizes: 20 pages, at most 40.
    const r = await readAll(chat, fresh(), { targetPages: 20, maxPagesPerWindow: 40 });
    expect(ids(r.out)).toEqual(ids(chat.all()));
    // 30 pages of messages; each 90-day gap is crossed by doubling windows (about 6 requests).
    expect(r.requests).toBeLessThanOrEqual(100);
  });

  it("when the cursor sits inside a same-millisecond run, then the rest of that run is delivered and the seen ids are not", async () => {
    const run = Array.from({ length: 8 }, (_, i) => ({ time: 5_000, id: `5000_${i}` }));
    const chat = new FakeChat([...generateMessages(20, 1_000, 10), ...run, ...generateMessages(5, 6_000, 10)]);
    const start = startPosition({ time: 5_000, ids: ["5000_1", "5000_4"] }, 0);
    const r = await readAll(chat, start);
    expect(ids(r.out)).toEqual(["5000_0", "5000_2", "5000_3", "5000_5", "5000_6", "5000_7", ...ids(generateMessages(5, 6_000, 10))]);
  });

  it("when a same-millisecond run straddles a page edge, then none of it is lost or repeated", async () => {
    const before = generateMessages(150, 1_000, 10, 1_000_000);
    const run = Array.from({ length: 60 }, (_, i) => ({ time: 10_000, id: `10000_${(i * 37) % 100}_${i}` }));
    const after = generateMessages(70, 20_000, 10, 1_000_000);
    const chat = new FakeChat([...before, ...run, ...after]);
    const r = await readAll(chat, fresh());
    expect(ids(r.out)).toEqual(ids(chat.all()));
  });

  it("when one millisecond holds more messages than a page, then the reader moves past it instead of looping and reports it", async () => {
    const run = Array.from({ length: 130 }, (_, i) => ({ time: 10_000, id: `10000_${String(i).padStart(3, "0")}` }));
    const chat = new FakeChat([...generateMessages(30, 1_000, 10, 1_000_000), ...run, ...generateMessages(30, 20_000, 10, 1_000_000)]);
    const overflows: number[] = [];
    const src = new MessageSource<MessageRef>(async (q) => chat.page(q), fresh(), { ...OPTS, onSameMsOverflow: (o) => overflows.push(o.time) });
    const out: MessageRef[] = [];
    for (let w = await src.next(); w !== null; w = await src.next()) out.push(...w.messages);
    expect(overflows).toContain(10_000);
    expect(out.filter((m) => m.time !== 10_000)).toHaveLength(60);
    expect(new Set(ids(out)).size).toBe(out.length);
    expect(src.caughtUp).toBe(true);
  });

  it("when a sparse history ends in a dense burst, then windows shrink to fit and memory stays bounded", async () => {
    const sparse = generateMessages(300, 1_000_000, 60_000, 1_000_000);
    const burst = generateMessages(6_000, 1_000_000 + 300 * 60_000, 1, 3);
    const chat = new FakeChat([...sparse, ...burst]);
    const r = await readAll(chat, fresh());
    expect(ids(r.out)).toEqual(ids(chat.all()));
    expect(r.biggestWindow).toBeLessThanOrEqual(25 * 100);
  });

  it("when a long quiet gap precedes the new messages, then they are found with a bounded number of extra requests", async () => {
    const year = 365 * 86_400_000;
    const chat = new FakeChat(generateMessages(300, 10 * year, 60_000));
    const r = await readAll(chat, startPosition({ time: 9 * year, ids: [] }, 0));
    expect(ids(r.out)).toEqual(ids(chat.all()));
    expect(r.requests).toBeLessThanOrEqual(25);
  });

  it("when the per-run cap is reached, then reading stops short of the end and a run from the new cursor finishes the rest exactly", async () => {
    const chat = new FakeChat(generateMessages(5_000));
    const first = await readAll(chat, fresh(), { cap: 1_000 });
    expect(first.caughtUp).toBe(false);
    expect(first.out.length).toBeGreaterThanOrEqual(1_000);
    expect(first.out.length).toBeLessThan(1_300);
    const second = await readAll(chat, advance(fresh(), first.out));
    expect(ids([...first.out, ...second.out])).toEqual(ids(chat.all()));
  });

  it("when reading ahead during delivery, then the result is the same as reading one window at a time", async () => {
    const chat = new FakeChat(generateMessages(3_000));
    const r = await readAll(chat, fresh(), { windowsInFlight: 3 });
    expect(ids(r.out)).toEqual(ids(chat.all()));
  });

  it("when messages arrive after the open-ended window was read, then the next run picks them up from the cursor", async () => {
    const chat = new FakeChat(generateMessages(250, 1_000, 10));
    const first = await readAll(chat, fresh());
    const last = first.out.at(-1) as MessageRef;
    const late = [
      { time: last.time, id: `${last.time}_000late` },
      { time: last.time + 5, id: `${last.time + 5}_x` },
    ];
    chat.add(late);
    const second = await readAll(chat, advance(fresh(), first.out));
    expect(ids(second.out)).toEqual(ids([...late].sort(compareMessages)));
  });
});

describe("reading new messages: randomised histories", () => {
  function prng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
  }

  it("when histories of random density are read in capped runs, then the runs together deliver every message once, in order", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rnd = prng(seed);
      const messages: MessageRef[] = [];
      let t = 1_000_000;
      const total = 200 + Math.floor(rnd() * 2_500);
      for (let i = 0; i < total; i++) {
        const r = rnd();
        if (r > 0.1) t += r > 0.97 ? Math.floor(rnd() * 5_000_000) : 1 + Math.floor(rnd() * (r > 0.5 ? 50 : 5_000));
        messages.push({ time: t, id: `${t}_${Math.floor(rnd() * 1e9)}` });
      }
      const chat = new FakeChat(messages);
      const out: MessageRef[] = [];
      let pos = fresh();
      for (let run = 0; run < 50; run++) {
        const r = await readAll(chat, pos, { cap: 100 + Math.floor(rnd() * 900), windowsInFlight: 1 + Math.floor(rnd() * 3) });
        out.push(...r.out);
        pos = advance(pos, r.out);
        if (r.caughtUp) break;
      }
      expect(ids(out), `seed ${seed}`).toEqual(ids(chat.all()));
    }
  });
});
