// For tests of what reads channel-mapping's data (the scheduler's planner, the gateway's cron):
// real mappings of simulator channels, brought to "synced up to the channel's newest message" the
// way production gets there — a sync.completed from the worker, applied by the real projection to
// zoho_channel_mappings.last_message_time (what the planner compares) — and news in one channel.
import { randomUUID } from "node:crypto";
import { ADMIN, eventually, type Harness } from "./harness.ts";
import { envelope, publishSync } from "./sync-events.ts";

export type SyncedChannel = {
  mappingId: string;
  channelId: string;
  chatId: string;
  /** The time form the simulator gives this channel's `last_modified_time` / `last_message_info.time`. */
  timeForm: "epoch ms" | "ISO";
  /** The newest delivered message (epoch ms): the mapping's last_message_time. */
  lastMessageTime: number;
};

/** Maps `count` readable channels that have messages and marks each synced up to its newest one. */
export async function mapSyncedChannels(h: Harness, count: number): Promise<SyncedChannel[]> {
  const channels = h.sim
    .channels()
    .filter((c) => c.chat_id !== null && h.sim.messages(c.chat_id).length > 0)
    .slice(0, count);
  if (channels.length < count) throw new Error(`the simulator has only ${channels.length} readable channels with messages; start the harness with more`);
  const client = await h.seedClient(`synced ${randomUUID().slice(0, 8)}`, channels.map((c) => ({ name: `room for ${c.name}` })));
  const synced: SyncedChannel[] = [];
  for (const [i, channel] of channels.entries()) {
    const chatId = channel.chat_id as string;
    const room = client.rooms[i]!;
    const mapping = await h.commands.request("mappingCreate", { actor: ADMIN, clientId: client.id, roomId: room.id, zohoChannelId: channel.channel_id });
    const newest = h.sim.messages(chatId).at(-1)!;
    const timeForm = typeof channel.last_modified_time === "number" ? "epoch ms" : "ISO";
    synced.push({ mappingId: mapping.id, channelId: channel.channel_id, chatId, timeForm, lastMessageTime: Number(newest.time) });
    await publishCompletedRun(h, mapping.id, Number(newest.time), newest.id);
  }
  for (const s of synced) {
    await eventually(async () => {
      const m = await h.commands.request("mappingGet", { actor: ADMIN, mappingId: s.mappingId });
      return m.lastMessageTime === new Date(s.lastMessageTime).toISOString() ? m : undefined;
    }, `mapping ${s.mappingId} to show its completed sync`);
  }
  return synced;
}

/** A text message in the channel `afterMs` after its newest delivered one; returns its time. */
export function addNewMessage(h: Harness, channel: SyncedChannel, afterMs = 90_000): number {
  const time = channel.lastMessageTime + afterMs;
  h.sim.addMessages(channel.chatId, [
    { id: `${time}_${randomUUID().slice(0, 8)}`, time, type: "text", sender: { id: "55743307", name: "John Doe" }, content: { text: "something new" } },
  ]);
  return time;
}

async function publishCompletedRun(h: Harness, mappingId: string, lastMessageTime: number, lastMessageId: string): Promise<void> {
  const jobId = randomUUID();
  const at = new Date();
  const cursor = { time: lastMessageTime, ids: [lastMessageId] };
  await publishSync(
    h.nc,
    h.prefix,
    envelope(
      "syncCompleted",
      {
        jobId,
        mappingId,
        outcome: "synced",
        messagesFetched: 1,
        messagesProcessed: 1,
        durationMs: 10,
        cursor,
        lastMessageTime: new Date(lastMessageTime).toISOString(),
        continued: false,
        finishedAt: at.toISOString(),
      },
      at,
    ),
  );
}
