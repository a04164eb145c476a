// cmd.mapping.create: map an internal room of a client to one Zoho channel.
// Cheap checks first (client, room, existing holders), then Zoho (the channel exists and is
// readable), then one transaction that inserts the row and publishes mapping.created — so a
// failure anywhere leaves nothing behind. Under a race, the unique constraints decide and the
// loser gets the same conflict error naming the holder.
import { AppError } from "@cliq/contracts";
import type { Room } from "@cliq/db";
import type { UserCaller } from "../domain/access.ts";
import { channelAlreadyMapped, roomAlreadyMapped } from "../domain/conflict.ts";
import { syncFromFor } from "../domain/sync-from.ts";
import { toMappingView } from "../domain/views.ts";
import { isForeignKeyViolation, isUniqueViolation } from "../repo/db-errors.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import { TX_OPTIONS, type HandlerContext } from "./context.ts";

export function mappingCreate(ctx: HandlerContext): AuthorizedHandler<"mappingCreate"> {
  async function conflictFor(channelId: string, room: Room): Promise<AppError | null> {
    const channelHolder = await ctx.mappings.channelHolder(channelId);
    if (channelHolder !== null) return channelAlreadyMapped(channelId, channelHolder);
    const roomHolder = await ctx.mappings.roomHolder(room.id);
    if (roomHolder !== null) return roomAlreadyMapped(room.id, room.name, roomHolder);
    return null;
  }

  async function internalRoomOf(clientId: string, roomId: string): Promise<Room> {
    const client = await ctx.rooms.findClient(clientId);
    if (client === null) throw new AppError("client_not_found", `no client with id ${clientId}`);
    const room = await ctx.rooms.findRoom(roomId);
    if (room === null) throw new AppError("room_not_found", `no room with id ${roomId}`);
    if (room.clientId !== client.id) {
      throw new AppError("room_wrong_client", `room "${room.name}" (${room.id}) does not belong to client "${client.name}"`, { roomId, clientId });
    }
    if (room.kind !== "internal") {
      throw new AppError("room_not_internal", `room "${room.name}" is an ${room.kind} room; only internal rooms can be mapped to Zoho Cliq`, { roomId, kind: room.kind });
    }
    return room;
  }

  function insertAndAnnounce(caller: UserCaller, data: Parameters<HandlerContext["mappings"]["create"]>[1]) {
    return ctx.db.$transaction(async (tx) => {
      const m = await ctx.mappings.create(tx, data);
      await ctx.publisher.publish("mappingCreated", {
        mappingId: m.id,
        clientId: m.clientId,
        roomId: m.roomId,
        zohoChannelId: m.zohoChannelId,
        zohoChatId: m.zohoChatId,
        zohoChannelName: m.zohoChannelName,
        syncFrom: m.syncFrom.toISOString(),
        by: caller.userId,
      });
      return m;
    }, TX_OPTIONS);
  }

  return async (req, caller) => {
    const room = await internalRoomOf(req.clientId, req.roomId);
    const taken = await conflictFor(req.zohoChannelId, room);
    if (taken !== null) throw taken;

    const channel = await ctx.channels.getOne(req.zohoChannelId);
    if (channel.chatId === null) {
      throw new AppError(
        "channel_unreadable",
        `Zoho channel ${channel.name} (${channel.channelId}) has no chat id for the connected account (never opened by it), so its messages cannot be read; open the channel in Cliq with that account, then try again`,
        { zohoChannelId: channel.channelId },
      );
    }

    try {
      const created = await insertAndAnnounce(caller, {
        clientId: req.clientId,
        roomId: req.roomId,
        zohoChannelId: channel.channelId,
        zohoChatId: channel.chatId,
        zohoChannelName: channel.name,
        syncFrom: syncFromFor(ctx.now(), req.backfillDays ?? ctx.config.DEFAULT_BACKFILL_DAYS),
        syncIntervalMinutes: req.syncIntervalMinutes ?? null,
        createdBy: caller.userId,
      });
      ctx.catalog.invalidate();
      return toMappingView(created);
    } catch (err) {
      if (isUniqueViolation(err)) {
        ctx.logger.debug({ zohoChannelId: req.zohoChannelId, roomId: room.id }, "create lost a race: the unique constraint refused the insert");
        throw (await conflictFor(req.zohoChannelId, room)) ??
          new AppError("channel_already_mapped", `Zoho channel ${req.zohoChannelId} or room ${room.id} was being mapped at the same moment; reload and try again`);
      }
      if (isForeignKeyViolation(err)) throw new AppError("room_not_found", `room ${req.roomId} or its client was removed while the mapping was being created`);
      throw err;
    }
  };
}
