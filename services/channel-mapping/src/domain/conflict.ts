// The conflict errors of "one channel → one mapping, one room → one channel". The message names
// the holder so the admin knows where to unmap first.
import { AppError } from "@cliq/contracts";

export type ChannelHolderInfo = { mappingId: string; clientId: string; clientName: string; roomId: string; roomName: string };
export type RoomHolderInfo = { mappingId: string; zohoChannelId: string; zohoChannelName: string };

export function channelAlreadyMapped(channelId: string, holder: ChannelHolderInfo): AppError {
  return new AppError(
    "channel_already_mapped",
    `Zoho channel ${channelId} is already mapped to room "${holder.roomName}" of client "${holder.clientName}"; remove that mapping first`,
    { clientId: holder.clientId, clientName: holder.clientName, roomId: holder.roomId, roomName: holder.roomName, mappingId: holder.mappingId },
  );
}

export function roomAlreadyMapped(roomId: string, roomName: string, holder: RoomHolderInfo): AppError {
  return new AppError(
    "room_already_mapped",
    `room "${roomName}" (${roomId}) is already mapped to Zoho channel ${holder.zohoChannelName} (${holder.zohoChannelId}); remove that mapping first`,
    { roomId, mappingId: holder.mappingId, zohoChannelId: holder.zohoChannelId, zohoChannelName: holder.zohoChannelName },
  );
}
