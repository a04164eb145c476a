import type { ZohoChannel } from "@cliq/zoho-client";
import { describe, expect, it } from "vitest";
import { toCatalogChannel } from "./channel-source.ts";

// @cliq/zoho-client has already read Zoho's epoch-ms or ISO times (§2.3, §5) into epoch ms.
const channel = (over: Partial<ZohoChannel> = {}): ZohoChannel => ({
  channelId: "T4000000040005",
  chatId: "CT_1",
  name: "#Support",
  uniqueName: "support",
  description: null,
  level: "team",
  status: "created",
  joined: true,
  participantCount: 3,
  totalMessageCount: 10,
  creationTime: Date.parse("2017-07-03T14:59:20+05:30"),
  lastModifiedTime: Date.parse("2017-07-03T15:59:20+05:30"),
  lastMessageInfo: { senderId: "1", senderName: "Pat", messageType: "text", time: Date.parse("2017-07-03T15:58:00.123+05:30"), text: "hi" },
  organizationId: "4435792",
  ...over,
});
const info = channel().lastMessageInfo!;

describe("the channel activity the list reports (lastMessageTime)", () => {
  it("when the channel has last_message_info with a time, then that time is its last message, to the millisecond", () => {
    expect(toCatalogChannel(channel()).lastMessageTime).toBe("2017-07-03T10:28:00.123Z");
  });

  it("when last_message_info is missing or has no time, then last_modified_time stands in (Zoho filters it as the last-message time)", () => {
    expect(toCatalogChannel(channel({ lastMessageInfo: null })).lastMessageTime).toBe("2017-07-03T10:29:20.000Z");
    expect(toCatalogChannel(channel({ lastMessageInfo: { ...info, time: null } })).lastMessageTime).toBe("2017-07-03T10:29:20.000Z");
  });

  it("when neither time is known, then lastMessageTime is null (the planner then requests the mapping)", () => {
    expect(toCatalogChannel(channel({ lastMessageInfo: null, lastModifiedTime: null })).lastMessageTime).toBeNull();
  });
});
