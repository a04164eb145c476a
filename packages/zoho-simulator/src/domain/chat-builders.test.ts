import { describe, expect, it } from "vitest";
import { channelFor, withChat } from "./chat-builders.ts";
import { generateChat } from "./generate-chat.ts";
import { generateOrg } from "./generate-org.ts";

describe("channelFor + withChat", () => {
  const chat = generateChat({ seed: 1, chatId: "CT_9_1", count: 500 });
  const channel = channelFor("CT_9_1", "Big history");

  it("when a channel is built for a chat id, then it is a readable organization channel with a stable channel_id and slug", () => {
    expect(channel).toMatchObject({ chat_id: "CT_9_1", name: "#Big history", unique_name: "bighistory", level: "organization", joined: true });
    expect(channel.channel_id).toMatch(/^O\d{13}$/);
    expect(channelFor("CT_9_1", "x").channel_id).toBe(channel.channel_id);
    expect(channelFor("CT_9_1", "x", { level: "team" }).level).toBe("team");
  });

  it("when added to an org, then the org holds its messages and hidden entries and the channel counts both", () => {
    const base = generateOrg({ seed: 1, channels: 1, messagesPerChannel: 5 });
    const org = withChat(base, channel, chat);
    expect(org.channels).toHaveLength(base.channels.length + 1);
    expect(org.messages["CT_9_1"]).toBe(chat.messages);
    expect(org.hidden?.["CT_9_1"]).toBe(chat.hidden);
    const added = org.channels.at(-1);
    expect(added?.total_message_count).toBe(String(chat.messages.length + chat.hidden.length));
    expect(added?.last_message_info?.text).toBe(chat.messages.at(-1)?.content.text ?? expect.any(String));
    expect(base.channels).toHaveLength(2);
  });

  it("when the channel has no chat id, then withChat refuses it", () => {
    expect(() => withChat(generateOrg({ seed: 1, channels: 0 }), { ...channel, chat_id: null }, chat)).toThrow(/no chat_id/);
  });
});
