import { describe, expect, it } from "vitest";
import type { SimMessage } from "../types.ts";
import { ChatLog } from "./chat-log.ts";

const msg = (t: number, n: number, time: number | string = t): SimMessage => ({ id: `${t}_${n}`, time, type: "text", sender: { id: "1", name: "A" }, content: { text: `m${n}` } });
// times 1000..1009, plus two more at 1005 (a same-millisecond run of three)
const base = [...Array.from({ length: 10 }, (_, i) => msg(1000 + i, i)), msg(1005, 100), msg(1005, 101)];
const ids = (ms: SimMessage[]) => ms.map((m) => m.id);

describe("ChatLog.window", () => {
  const log = new ChatLog(base);

  it("when more messages match than the limit, then it returns the newest `limit`, oldest first", () => {
    expect(ids(log.window({ totime: 2000, limit: 3 }))).toEqual(["1007_7", "1008_8", "1009_9"]);
  });

  it("when fromtime and totime are given, then both ends are inclusive", () => {
    expect(ids(log.window({ fromtime: 1002, totime: 1004, limit: 100 }))).toEqual(["1002_2", "1003_3", "1004_4"]);
  });

  it("when only fromtime is given with more matches than the limit, then the newest ones win", () => {
    expect(ids(log.window({ fromtime: 1000, totime: 2000, limit: 2 }))).toEqual(["1008_8", "1009_9"]);
  });

  it("when a page edge falls inside a same-millisecond run, then the run is split and storage order breaks the tie", () => {
    expect(ids(log.window({ totime: 1005, limit: 2 }))).toEqual(["1005_100", "1005_101"]);
    expect(ids(log.window({ totime: 1005, limit: 4 }))).toEqual(["1004_4", "1005_5", "1005_100", "1005_101"]);
  });

  it("when the window is empty or inverted, then no messages come back", () => {
    expect(log.window({ totime: 999, limit: 10 })).toEqual([]);
    expect(log.window({ fromtime: 1006, totime: 1004, limit: 10 })).toEqual([]);
  });
});

describe("ChatLog.append", () => {
  it("when messages arrive out of order or with string times, then the log stays time-ordered", () => {
    const log = new ChatLog([msg(10, 1), msg(30, 3)]);
    log.append([msg(20, 2, "20"), msg(40, 4), msg(5, 0)]);
    expect(ids(log.all())).toEqual(["5_0", "10_1", "20_2", "30_3", "40_4"]);
    expect(log.last()?.id).toBe("40_4");
  });

  it("when a message time is not epoch ms, then append throws naming the message", () => {
    expect(() => new ChatLog([msg(1, 1, "yesterday")])).toThrow(/1_1/);
  });
});
