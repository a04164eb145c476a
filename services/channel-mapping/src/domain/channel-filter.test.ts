import { describe, expect, it } from "vitest";
import { filterChannels, markMapped, sortChannels, type CatalogChannel } from "./channel-filter.ts";

const ch = (over: Partial<CatalogChannel> & { channelId: string; name: string }): CatalogChannel => ({
  chatId: `CT_${over.channelId}`,
  uniqueName: null,
  level: "team",
  status: "created",
  joined: true,
  participantCount: 3,
  lastMessageTime: null,
  ...over,
});

const channels = [
  ch({ channelId: "T1", name: "#Sales-EU", uniqueName: "saleseu" }),
  ch({ channelId: "T2", name: "#Support", uniqueName: "zylkersupport", joined: false }),
  ch({ channelId: "O3", name: "#All Hands", level: "organization", status: "archived" }),
  ch({ channelId: "P4", name: "#sales-us", level: "private", uniqueName: null }),
];

describe("channel search and filters", () => {
  it("when searching, then matching ignores case and also looks at the unique name", () => {
    expect(filterChannels(channels, { search: "SALES" }).map((c) => c.channelId)).toEqual(["T1", "P4"]);
    expect(filterChannels(channels, { search: "zylker" }).map((c) => c.channelId)).toEqual(["T2"]);
  });

  it("when the search is blank, then every channel is kept", () => {
    expect(filterChannels(channels, { search: "   " })).toHaveLength(4);
  });

  it("when level, status and joined are given, then all of them must match", () => {
    expect(filterChannels(channels, { level: "Organization" }).map((c) => c.channelId)).toEqual(["O3"]);
    expect(filterChannels(channels, { status: "created", joined: false }).map((c) => c.channelId)).toEqual(["T2"]);
    expect(filterChannels(channels, { search: "sales", level: "team" }).map((c) => c.channelId)).toEqual(["T1"]);
  });

  it("when a channel lacks the filtered field, then a filter on it excludes the channel", () => {
    const odd = ch({ channelId: "X9", name: "#odd", level: null, joined: null });
    expect(filterChannels([odd], { level: "team" })).toEqual([]);
    expect(filterChannels([odd], { joined: true })).toEqual([]);
  });

  it("when sorted, then order follows the name without '#' and ignoring case", () => {
    expect(sortChannels(channels).map((c) => c.name)).toEqual(["#All Hands", "#Sales-EU", "#sales-us", "#Support"]);
  });

  it("when a channel is held by a mapping, then it is marked with the client and room", () => {
    const holder = { mappingId: "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e11", clientId: "c", clientName: "Acme", roomId: "r", roomName: "Ops" };
    const marked = markMapped(channels.slice(0, 2), new Map([["T2", holder]]));
    expect(marked.map((c) => c.mapping)).toEqual([null, holder]);
  });
});
