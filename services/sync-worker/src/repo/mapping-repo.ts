// Reads zoho_channel_mappings (owned by channel-mapping; the worker never writes it).
import type { Db } from "@cliq/db";

export type MappingForSync = {
  id: string;
  clientId: string;
  roomId: string;
  zohoChannelId: string;
  zohoChatId: string;
  zohoChannelName: string;
  syncStatus: "active" | "paused" | "error";
  syncFrom: Date;
};

export type MappingRepo = { find(mappingId: string): Promise<MappingForSync | null> };

export function createMappingRepo(db: Db): MappingRepo {
  return {
    find: (mappingId) =>
      db.zohoChannelMapping.findUnique({
        where: { id: mappingId },
        select: { id: true, clientId: true, roomId: true, zohoChannelId: true, zohoChatId: true, zohoChannelName: true, syncStatus: true, syncFrom: true },
      }),
  };
}
