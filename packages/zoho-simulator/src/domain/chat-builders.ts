// Small builders for a test that needs one particular channel (a big one, one with a crowded
// millisecond) beside or instead of a generated org: channelFor makes the channel, withChat
// puts it and its history into an org before start, sim.addChat does it on a running sim.
import type { GeneratedOrg, SimChannel, SimHiddenEntry, SimMessage } from "../types.ts";
import { summarise } from "./channel-summary.ts";
import { GENERATED_START } from "./generate-chat.ts";
import { GENERATED_USERS } from "./generated-people.ts";
import { hashOf } from "./prng.ts";

/** a readable organization channel for chatId; total_message_count and last_message_info follow once its history is added */
export function channelFor(chatId: string, name: string, overrides: Partial<SimChannel> = {}): SimChannel {
  const creator = GENERATED_USERS[0] as (typeof GENERATED_USERS)[number];
  const created = GENERATED_START - 86_400_000;
  return {
    channel_id: `O${String(hashOf(chatId)).padStart(13, "0").slice(-13)}`,
    chat_id: chatId,
    name: name.startsWith("#") ? name : `#${name}`,
    unique_name: name.normalize("NFD").toLowerCase().replace(/[^a-z0-9]/g, "") || "channel",
    level: "organization",
    status: "created",
    joined: true,
    organization_id: "4435792",
    creator_id: creator.id,
    creator_name: creator.name,
    creation_time: created,
    last_modified_time: created,
    participant_count: 4,
    total_message_count: "0",
    ...overrides,
  };
}

/** a copy of org with the channel and its history added (or replacing a channel with the same channel_id) */
export function withChat(org: GeneratedOrg, channel: SimChannel, chat: { messages: SimMessage[]; hidden?: SimHiddenEntry[] }): GeneratedOrg {
  const chatId = channel.chat_id;
  if (chatId === null || chatId === "null") throw new Error(`withChat: channel ${channel.channel_id} has no chat_id`);
  const ch = structuredClone(channel);
  const hidden = chat.hidden ?? [];
  summarise(ch, chat.messages.length + hidden.length, chat.messages.at(-1));
  return {
    ...org,
    channels: [...org.channels.filter((c) => c.channel_id !== ch.channel_id), ch],
    messages: { ...org.messages, [chatId]: chat.messages },
    hidden: { ...org.hidden, [chatId]: hidden },
  };
}
