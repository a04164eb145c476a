// Helpers for the scheduler's integration tests: seed mappings in a test schema, answer the
// channel list over real NATS, and read back what reached the SYNC stream.
import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { subjectsFor, type ChannelSummary, type Envelope, type EventData } from "@cliq/contracts";
import type { Db } from "@cliq/db";
import { serveCommands, type CommandServer, type Logger, type NatsConnection } from "@cliq/runtime";

export type MappingSeed = {
  zohoChannelId?: string;
  syncStatus?: "active" | "paused" | "error";
  lastErrorRetryable?: boolean | null;
  lastMessageTime?: Date | null;
  syncIntervalMinutes?: number | null;
};

let channelCounter = 0;

/** Inserts one client, a room per mapping and the mappings; returns them in the order given. */
export async function seedMappings(db: Db, seeds: MappingSeed[]): Promise<Array<{ id: string; zohoChannelId: string }>> {
  const client = await db.client.create({ data: { name: `client ${randomUUID().slice(0, 8)}` } });
  const out: Array<{ id: string; zohoChannelId: string }> = [];
  for (const s of seeds) {
    const room = await db.room.create({ data: { clientId: client.id, name: `room ${out.length}`, kind: "internal" } });
    const zohoChannelId = s.zohoChannelId ?? `T${String(Date.now() % 1e9).padStart(9, "0")}${String(++channelCounter).padStart(4, "0")}`;
    const m = await db.zohoChannelMapping.create({
      data: {
        clientId: client.id,
        roomId: room.id,
        zohoChannelId,
        zohoChatId: `CT_${zohoChannelId}`,
        zohoChannelName: `#${zohoChannelId}`,
        syncStatus: s.syncStatus ?? "active",
        lastErrorRetryable: s.lastErrorRetryable ?? null,
        lastMessageTime: s.lastMessageTime ?? null,
        syncIntervalMinutes: s.syncIntervalMinutes ?? null,
        createdBy: "test",
        ...(s.syncStatus === "error" ? { lastError: "boom", lastErrorCode: s.lastErrorRetryable ? "zoho_unavailable" : "channel_access_denied" } : {}),
      },
    });
    out.push({ id: m.id, zohoChannelId });
  }
  return out;
}

export type StoredRequest = { msgId: string | undefined; envelope: Envelope<EventData<"syncRequested">> };

/** Every sync.requested stored in the prefix's SYNC stream, oldest first. */
export async function readSyncRequested(nc: NatsConnection, prefix: string): Promise<StoredRequest[]> {
  const jsm = await jetstreamManager(nc);
  const names = subjectsFor(prefix);
  const stream = names.stream("sync");
  const info = await jsm.streams.info(stream);
  const out: StoredRequest[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m === null || m.subject !== names.event("syncRequested")) continue;
    out.push({ msgId: m.header?.get("Nats-Msg-Id") || undefined, envelope: m.json() });
  }
  return out;
}

export { deleteStreams } from "@cliq/testkit";

export type ChannelsResponder = { server: CommandServer; requests: unknown[] };

/**
 * A real channelsActivity responder on the test's prefix, answering with `lastMessageTime` per channel id.
 * It answers any actor: channel-mapping's access rule is proven against the real service in
 * planner.int.test.ts (a stand-in that accepted a made-up role is how the planner broke unnoticed).
 */
export function serveChannelActivity(nc: NatsConnection, prefix: string, logger: Logger, times: Record<string, Date | null>): ChannelsResponder {
  const requests: unknown[] = [];
  const channels: ChannelSummary[] = Object.entries(times).map(([channelId, t]) => ({
    channelId,
    chatId: `CT_${channelId}`,
    name: `#${channelId}`,
    uniqueName: channelId.toLowerCase(),
    level: "team",
    status: "created",
    joined: true,
    participantCount: 3,
    lastMessageTime: t === null ? null : t.toISOString(),
    mapping: null,
  }));
  const server = serveCommands({
    nc,
    prefix,
    logger,
    handlers: {
      channelsActivity: async (req) => {
        requests.push(req);
        const wanted = new Set(req.channelIds);
        const activity = channels.filter((c) => wanted.has(c.channelId)).map((c) => ({ channelId: c.channelId, lastMessageTime: c.lastMessageTime }));
        return { activity, fetchedAt: new Date().toISOString(), cached: false };
      },
    },
  });
  return { server, requests };
}
