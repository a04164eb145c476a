import { describe, expect, it } from "vitest";
import type { SimMessage } from "../types.ts";
import { ChatLog, type MessageWindow, type WindowQuirks } from "./chat-log.ts";
import { DEFAULT_QUIRKS } from "./quirks.ts";

const msg = (t: number, n: number, time: number | string = t): SimMessage => ({ id: `${t}_${n}`, time, type: "text", sender: { id: "1", name: "A" }, content: { text: `m${n}` } });
// times 1000..1009, plus two more at 1005 (a same-millisecond run of three)
const base = [...Array.from({ length: 10 }, (_, i) => msg(1000 + i, i)), msg(1005, 100), msg(1005, 101)];
const ids = (ms: SimMessage[]) => ms.map((m) => m.id);
const NOW = 10_000;
const win = (w: Omit<MessageWindow, "notAfter"> & { notAfter?: number }): MessageWindow => ({ notAfter: NOW, ...w });
const observed: WindowQuirks = DEFAULT_QUIRKS;

describe("ChatLog.window (observed defaults)", () => {
  const log = new ChatLog(base);

  it("when more messages match than the limit, then it returns the newest `limit`, oldest first", () => {
    expect(ids(log.window(win({ totime: 2000, limit: 3 }), observed))).toEqual(["1007_7", "1008_8", "1009_9"]);
  });

  it("when fromtime and totime are given, then both ends are inclusive", () => {
    expect(ids(log.window(win({ fromtime: 1002, totime: 1004, limit: 100 }), observed))).toEqual(["1002_2", "1003_3", "1004_4"]);
  });

  it("when only fromtime is given with more matches than the limit, then the newest ones win", () => {
    expect(ids(log.window(win({ fromtime: 1000, limit: 2 }), observed))).toEqual(["1008_8", "1009_9"]);
  });

  it("when a page edge falls inside a same-millisecond run, then the run is split and storage order breaks the tie", () => {
    expect(ids(log.window(win({ totime: 1005, limit: 2 }), observed))).toEqual(["1005_100", "1005_101"]);
    expect(ids(log.window(win({ totime: 1005, limit: 4 }), observed))).toEqual(["1004_4", "1005_5", "1005_100", "1005_101"]);
  });

  it("when the window is empty or inverted, then no messages come back", () => {
    expect(log.window(win({ totime: 999, limit: 10 }), observed)).toEqual([]);
    expect(log.window(win({ fromtime: 1006, totime: 1004, limit: 10 }), observed)).toEqual([]);
  });

  it("when entries are later than the clock (notAfter), then they are not returned even if totime reaches them", () => {
    expect(ids(log.window({ totime: 2000, notAfter: 1001, limit: 10 }, observed))).toEqual(["1000_0", "1001_1"]);
  });
});

describe("ChatLog.window with hidden entries", () => {
  // 20 visible messages at 1000..1019; hidden entries at 1010..1014 (a deleted stretch) and one at 1003
  const visible = Array.from({ length: 20 }, (_, i) => msg(1000 + i, i));
  const hidden = [1003, 1010, 1011, 1012, 1013, 1014].map((t) => ({ id: `${t}_h`, time: t }));
  const log = new ChatLog(visible, hidden);

  it("when a page's window covers hidden entries, then the page is shorter than limit although older history remains", () => {
    const page = log.window(win({ totime: 1014, limit: 10 }), observed);
    // the newest 10 entries up to 1014 are 1010..1014 twice over (5 visible + 5 hidden)
    expect(ids(page)).toEqual(["1010_10", "1011_11", "1012_12", "1013_13", "1014_14"]);
    expect(log.window(win({ totime: 1009, limit: 10 }), observed)).toHaveLength(9);
  });

  it("when hidden entries are counted, then size (total_message_count) is visible + hidden while all() holds only the visible", () => {
    expect(log.size).toBe(26);
    expect(log.hiddenCount).toBe(6);
    expect(log.all()).toHaveLength(20);
    expect(log.hidden().map((h) => h.time)).toEqual([1003, 1010, 1011, 1012, 1013, 1014]);
  });

  it("when hiddenEntries is off, then hidden entries are ignored as if absent and the page is full", () => {
    const page = log.window(win({ totime: 1014, limit: 10 }), { ...observed, hiddenEntries: false });
    expect(ids(page)).toEqual(Array.from({ length: 10 }, (_, i) => `${1005 + i}_${5 + i}`));
  });

  it("when fromtimeWindow is oldest, then the oldest `limit` entries are picked before hidden ones are dropped", () => {
    const page = log.window(win({ fromtime: 1010, totime: 1014, limit: 5 }), { ...observed, fromtimeWindow: "oldest" });
    expect(ids(page)).toEqual(["1010_10", "1011_11", "1012_12"]);
  });

  it("when every entry in the window is hidden, then the page is empty mid-history", () => {
    const onlyHidden = new ChatLog([msg(1, 1)], [2, 3, 4].map((t) => ({ id: `${t}_h`, time: t })));
    expect(onlyHidden.window(win({ limit: 3 }), observed)).toEqual([]);
    expect(ids(onlyHidden.window(win({ limit: 3 }), { ...observed, hiddenEntries: false }))).toEqual(["1_1"]);
  });

  it("when hidden entries are appended later, then they interleave by time and take window slots", () => {
    const l = new ChatLog(visible);
    l.appendHidden([{ id: "1019_h", time: 1019 }, { id: "1018_h", time: 1018 }]);
    expect(ids(l.window(win({ limit: 4 }), observed))).toEqual(["1018_18", "1019_19"]);
  });
});

describe("ChatLog.window switches", () => {
  const log = new ChatLog(base);

  it("when bounds are exclusive, then messages at fromtime and at totime are dropped", () => {
    const q = { ...observed, bounds: "exclusive" as const };
    expect(ids(log.window(win({ fromtime: 1002, totime: 1004, limit: 100 }), q))).toEqual(["1003_3"]);
    expect(ids(log.window(win({ totime: 1005, limit: 2 }), q))).toEqual(["1003_3", "1004_4"]);
  });

  it("when fromtimeWindow is oldest and more match than the limit, then the oldest `limit` after fromtime come back", () => {
    const q = { ...observed, fromtimeWindow: "oldest" as const };
    expect(ids(log.window(win({ fromtime: 1001, limit: 3 }), q))).toEqual(["1001_1", "1002_2", "1003_3"]);
  });

  it("when fromtimeWindow is oldest but no fromtime is given, then the newest still win", () => {
    const q = { ...observed, fromtimeWindow: "oldest" as const };
    expect(ids(log.window(win({ totime: 2000, limit: 2 }), q))).toEqual(["1008_8", "1009_9"]);
  });
});

describe("ChatLog.append", () => {
  it("when messages arrive out of order or with string times, then the log stays time-ordered", () => {
    const log = new ChatLog([msg(10, 1), msg(30, 3)]);
    log.append([msg(20, 2, "20"), msg(40, 4), msg(5, 0)]);
    expect(ids(log.all())).toEqual(["5_0", "10_1", "20_2", "30_3", "40_4"]);
    expect(log.last()?.id).toBe("40_4");
  });

  it("when a message or hidden entry time is not epoch ms, then it throws naming the entry", () => {
    expect(() => new ChatLog([msg(1, 1, "yesterday")])).toThrow(/1_1/);
    expect(() => new ChatLog([], [{ id: "h1", time: Number.NaN }])).toThrow(/h1/);
  });
});
