import { describe, expect, it } from "vitest";
import { parseChannel, parseChannelPage } from "./channel.ts";

// The list item from doc §2.3 (get-all-channels-response), as Zoho documents it.
const documented = {
  channel_id: "T4000000040005",
  chat_id: "CT_1184653329648523663_62439860",
  name: "#Zylker-Support",
  unique_name: "zylkersupport",
  description: "To post all the support tickets from customers",
  level: "team",
  status: "created",
  invite_only: false,
  joined: true,
  pinned: false,
  organization_id: "4435792",
  creator_id: "4435866",
  creator_name: "PatriciaJames",
  creation_time: "2017-07-03T14:59:20+05:30",
  last_modified_time: "2017-07-03T15:59:20+05:30",
  participant_count: 1,
  total_message_count: "100",
  unread_message_count: 5,
  current_user_role: "super_admin",
  teams: { "4435961": "SALES" },
  last_message_info: { sender_id: "4435866", sender_name: "PatriciaJames", message_type: "text", time: "2017-07-03T15:59:20+05:30", text: "hi" },
};

describe("parseChannelPage", () => {
  it("when the documented list body arrives, then every field is normalised", () => {
    const r = parseChannelPage({ channels: [documented], has_more: true, next_token: "2fd152c0", sync_token: "x" });
    expect(r).toEqual({
      ok: true,
      value: {
        hasMore: true,
        nextToken: "2fd152c0",
        channels: [
          {
            channelId: "T4000000040005",
            chatId: "CT_1184653329648523663_62439860",
            name: "#Zylker-Support",
            uniqueName: "zylkersupport",
            description: "To post all the support tickets from customers",
            level: "team",
            status: "created",
            joined: true,
            participantCount: 1,
            totalMessageCount: 100,
            creationTime: Date.parse("2017-07-03T09:29:20Z"),
            lastModifiedTime: Date.parse("2017-07-03T10:29:20Z"),
            lastMessageInfo: {
              senderId: "4435866",
              senderName: "PatriciaJames",
              messageType: "text",
              time: Date.parse("2017-07-03T10:29:20Z"),
              text: "hi",
            },
            organizationId: "4435792",
          },
        ],
      },
    });
  });

  it("when the observed live quirks arrive (string counts, int ms times, chat_id \"null\"), then they normalise", () => {
    const r = parseChannelPage({
      channels: [
        { ...documented, participant_count: "12", creation_time: 1499073560000, last_modified_time: "1499077160000", chat_id: "null" },
        { ...documented, channel_id: "O1", chat_id: null, last_message_info: null, joined: "false" },
      ],
    });
    if (!r.ok) throw new Error(r.problem);
    expect(r.value.channels[0]).toMatchObject({ participantCount: 12, creationTime: 1499073560000, lastModifiedTime: 1499077160000, chatId: null });
    expect(r.value.channels[1]).toMatchObject({ chatId: null, lastMessageInfo: null, joined: false });
  });

  it("when fields are absent, then they are null rather than an error", () => {
    const r = parseChannelPage({ channels: [{ channel_id: "T1", name: "general" }] });
    if (!r.ok) throw new Error(r.problem);
    expect(r.value.channels[0]).toEqual({
      channelId: "T1", chatId: null, name: "general", uniqueName: null, description: null, level: null, status: null,
      joined: null, participantCount: null, totalMessageCount: null, creationTime: null, lastModifiedTime: null,
      lastMessageInfo: null, organizationId: null,
    });
    expect(r.value).toMatchObject({ hasMore: false, nextToken: null });
  });

  it("when has_more is false, then there is no next page even if a token is present", () => {
    const r = parseChannelPage({ channels: [], has_more: false, next_token: "abc" });
    expect(r).toEqual({ ok: true, value: { channels: [], hasMore: false, nextToken: null } });
  });

  it("when next_token is present without has_more, then there is a next page", () => {
    const r = parseChannelPage({ channels: [], next_token: "abc" });
    expect(r).toEqual({ ok: true, value: { channels: [], hasMore: true, nextToken: "abc" } });
  });

  it("when a count is not numeric, then the problem names the path and the expectation", () => {
    const r = parseChannelPage({ channels: [documented, { ...documented, total_message_count: "lots" }] });
    expect(r).toEqual({
      ok: false,
      problem: 'channels response: channels[1].total_message_count must be a number or numeric string (got "lots")',
    });
  });

  it("when channel_id or name is missing, then the problem says which", () => {
    const r = parseChannelPage({ channels: [{ name: 3 }] });
    expect(r).toEqual({
      ok: false,
      problem: "channels response: channels[0].channel_id is missing (expected a non-empty string id); channels[0].name must be a string (got 3)",
    });
  });

  it("when the body is not the list shape, then the problem says so", () => {
    expect(parseChannelPage({ data: [] })).toEqual({ ok: false, problem: "channels response: channels is missing (expected an array of channels)" });
    expect(parseChannelPage([])).toEqual({ ok: false, problem: "channels response: body must be a JSON object (got an array)" });
  });

  it("when a time is neither ISO nor epoch ms, then the problem names it", () => {
    const r = parseChannelPage({ channels: [{ ...documented, creation_time: "yesterday" }] });
    expect(r).toEqual({
      ok: false,
      problem: 'channels response: channels[0].creation_time must be an ISO-8601 date-time or epoch milliseconds (got "yesterday")',
    });
  });
});

describe("parseChannel", () => {
  it.each([
    ["unwrapped (the spec)", documented],
    ["wrapped in data", { data: documented }],
    ["wrapped in channel", { channel: documented }],
  ])("when the detail body is %s, then it parses the same channel", (_label, body) => {
    const r = parseChannel(body);
    expect(r.ok && r.value.channelId).toBe("T4000000040005");
  });

  it("when the detail body has no channel, then the problem names channel_id", () => {
    expect(parseChannel({ data: [] })).toEqual({
      ok: false,
      problem: "channel response: channel_id is missing (expected a non-empty string id); name is missing (expected a string)",
    });
  });
});
