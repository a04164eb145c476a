// Channel objects from GET /api/v2/channels and /channels/{id} (doc §2.3, §2.4), normalised:
// counts arrive as numbers or strings, times as ISO or epoch ms, chat_id as null or "null".
import { z } from "zod";
import { isRecord } from "./body.ts";
import { type Checked, check, describe, f, obj, objectArray, objectField } from "./fields.ts";

export type ZohoLastMessageInfo = {
  senderId: string | null;
  senderName: string | null;
  messageType: string | null;
  time: number | null;
  text: string | null;
};

export type ZohoChannel = {
  channelId: string;
  /** Messages are read by chat id; null for a channel this user never opened (unreadable). */
  chatId: string | null;
  name: string;
  uniqueName: string | null;
  description: string | null;
  level: string | null;
  status: string | null;
  joined: boolean | null;
  participantCount: number | null;
  /** Counts deleted and system entries too, so it reads higher than what can be fetched. */
  totalMessageCount: number | null;
  creationTime: number | null;
  lastModifiedTime: number | null;
  lastMessageInfo: ZohoLastMessageInfo | null;
  organizationId: string | null;
};

const lastMessageInfoSchema = obj({
  sender_id: f.optId(),
  sender_name: f.optString(),
  message_type: f.optString(),
  time: f.optTime(),
  text: f.optString(),
}).transform(
  (m): ZohoLastMessageInfo => ({
    senderId: m.sender_id,
    senderName: m.sender_name,
    messageType: m.message_type,
    time: m.time,
    text: m.text,
  }),
);

const channelSchema = obj({
  channel_id: f.id(),
  chat_id: f.optChatId(),
  name: f.string(),
  unique_name: f.optString(),
  description: f.optString(),
  level: f.optString(),
  status: f.optString(),
  joined: f.optBool(),
  participant_count: f.optCount(),
  total_message_count: f.optCount(),
  creation_time: f.optTime(),
  last_modified_time: f.optTime(),
  last_message_info: objectField(lastMessageInfoSchema, "an object", true),
  organization_id: f.optId(),
}).transform(
  (c): ZohoChannel => ({
    channelId: c.channel_id,
    chatId: c.chat_id,
    name: c.name,
    uniqueName: c.unique_name,
    description: c.description,
    level: c.level,
    status: c.status,
    joined: c.joined,
    participantCount: c.participant_count,
    totalMessageCount: c.total_message_count,
    creationTime: c.creation_time,
    lastModifiedTime: c.last_modified_time,
    lastMessageInfo: c.last_message_info,
    organizationId: c.organization_id,
  }),
);

export type ZohoChannelPage = { channels: ZohoChannel[]; nextToken: string | null; hasMore: boolean };

const channelListSchema = z
  .looseObject(
    {
      channels: objectArray(channelSchema, "an array of channels"),
      next_token: f.optString(),
      has_more: f.optBool(),
    },
    { error: (iss) => `must be a JSON object (got ${describe(iss.input)})` },
  )
  .transform((r): ZohoChannelPage => {
    const token = r.next_token === null || r.next_token === "" ? null : r.next_token;
    // Zoho: "When the token is absent, you have reached the last page"; has_more:false also ends it.
    const hasMore = token !== null && r.has_more !== false;
    return { channels: r.channels, nextToken: hasMore ? token : null, hasMore };
  });

export function parseChannelPage(body: unknown): Checked<ZohoChannelPage> {
  return check(channelListSchema, body, "channels response");
}

/** GET /channels/{id}: the spec shows the object unwrapped; clients defensively accept {data} / {channel}. */
export function parseChannel(body: unknown): Checked<ZohoChannel> {
  return check(channelSchema, unwrapChannel(body), "channel response");
}

function unwrapChannel(body: unknown): unknown {
  if (!isRecord(body) || "channel_id" in body) return body;
  if (isRecord(body.data)) return body.data;
  if (isRecord(body.channel)) return body.channel;
  return body;
}
