import { describe, expect, it } from "vitest";
import type { SimChannel, SimMessage } from "../types.ts";
import { DEFAULT_QUIRKS } from "./quirks.ts";
import { channelOnWire, messagesOnWire, pageSize } from "./wire.ts";

const msg = (t: number, time: number | string = t): SimMessage => ({ id: `${t}_1`, time, type: "text", sender: { id: "1", name: "A" }, content: { text: "x" } });
const page = [msg(1000), msg(1001, "1001"), msg(1002)];

describe("pageSize", () => {
  it("when no limit is sent, then 100 (doc §2.6)", () => {
    expect(pageSize(undefined, DEFAULT_QUIRKS)).toBe(100);
  });

  it("when limit is 150, then 100 is served by default (clamp) and 150 when honoured", () => {
    expect(pageSize(150, DEFAULT_QUIRKS)).toBe(100);
    expect(pageSize(150, { limitAbove100: "honour" })).toBe(150);
    expect(pageSize(40, { limitAbove100: "honour" })).toBe(40);
  });
});

describe("messagesOnWire", () => {
  it("when defaults apply, then the page stays ascending with times as stored (one numeric string)", () => {
    expect(messagesOnWire(page, DEFAULT_QUIRKS).map((m) => m.time)).toEqual([1000, "1001", 1002]);
  });

  it("when pageOrder is desc, then the newest comes first", () => {
    expect(messagesOnWire(page, { ...DEFAULT_QUIRKS, pageOrder: "desc" }).map((m) => m.id)).toEqual(["1002_1", "1001_1", "1000_1"]);
  });

  it("when timeFormat is string, then every time is a numeric string; number makes every time a number", () => {
    expect(messagesOnWire(page, { ...DEFAULT_QUIRKS, timeFormat: "string" }).map((m) => m.time)).toEqual(["1000", "1001", "1002"]);
    expect(messagesOnWire(page, { ...DEFAULT_QUIRKS, timeFormat: "number" }).map((m) => m.time)).toEqual([1000, 1001, 1002]);
  });

  it("when a form is forced, then the stored messages are not changed", () => {
    messagesOnWire(page, { pageOrder: "desc", timeFormat: "number" });
    expect(page.map((m) => m.time)).toEqual([1000, "1001", 1002]);
  });
});

describe("channelOnWire", () => {
  const ch: SimChannel = {
    channel_id: "O1", chat_id: "CT_1", name: "#a", unique_name: "a", level: "organization", status: "created", joined: true, organization_id: "1",
    creation_time: "2025-01-06T13:30:00+05:30", last_modified_time: 1736150400000, participant_count: "7", total_message_count: "12",
    last_message_info: { sender_id: "1", sender_name: "A", message_type: "text", time: "2025-01-06T13:30:00+05:30", text: "x" },
  };

  it("when defaults apply, then the channel goes out as stored", () => {
    expect(channelOnWire(ch, DEFAULT_QUIRKS, 2)).toEqual(ch);
  });

  it("when channelTimes is ms, then all three times are epoch ms numbers; iso makes them +05:30 strings", () => {
    const ms = channelOnWire(ch, { ...DEFAULT_QUIRKS, channelTimes: "ms" }, 0);
    expect([ms.creation_time, ms.last_modified_time, ms.last_message_info?.time]).toEqual([1736150400000, 1736150400000, 1736150400000]);
    const iso = channelOnWire(ch, { ...DEFAULT_QUIRKS, channelTimes: "iso" }, 0);
    expect([iso.creation_time, iso.last_modified_time, iso.last_message_info?.time]).toEqual(Array(3).fill("2025-01-06T13:30:00+05:30"));
  });

  it("when counts is number, then participant_count and total_message_count are numbers; string makes both strings", () => {
    expect(channelOnWire(ch, { ...DEFAULT_QUIRKS, counts: "number" }, 0)).toMatchObject({ participant_count: 7, total_message_count: 12 });
    expect(channelOnWire({ ...ch, participant_count: 7 }, { ...DEFAULT_QUIRKS, counts: "string" }, 0)).toMatchObject({ participant_count: "7", total_message_count: "12" });
  });

  it("when hidden entries are off, then total_message_count leaves the chat's hidden entries out", () => {
    expect(channelOnWire(ch, { ...DEFAULT_QUIRKS, hiddenEntries: false }, 2).total_message_count).toBe("10");
  });
});
