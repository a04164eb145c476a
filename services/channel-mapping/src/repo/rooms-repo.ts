// clients and rooms belong to TCIS: read only.
import type { Client, Db, Room, ZohoChannelMapping } from "@cliq/db";

export type RoomWithMapping = Room & { mapping: ZohoChannelMapping | null };

export type RoomsRepo = ReturnType<typeof createRoomsRepo>;

export function createRoomsRepo(db: Db) {
  return {
    findClient(id: string): Promise<Client | null> {
      return db.client.findUnique({ where: { id } });
    },
    findRoom(id: string): Promise<Room | null> {
      return db.room.findUnique({ where: { id } });
    },
    roomsOfClient(clientId: string): Promise<RoomWithMapping[]> {
      return db.room.findMany({ where: { clientId }, include: { mapping: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
    },
  };
}
