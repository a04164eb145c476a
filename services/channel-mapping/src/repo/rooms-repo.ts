// clients and rooms belong to TCIS: read only.
import type { Client, Db, Room, ZohoChannelMapping } from "@cliq/db";

export type RoomWithMapping = Room & { mapping: ZohoChannelMapping | null };
export type ClientWithCounts = Client & { _count: { rooms: number; mappings: number } };
export type ClientPage = { search?: string; limit: number; after?: { name: string; id: string } };

export type RoomsRepo = ReturnType<typeof createRoomsRepo>;

export function createRoomsRepo(db: Db) {
  return {
    findClient(id: string): Promise<Client | null> {
      return db.client.findUnique({ where: { id } });
    },
    findRoom(id: string): Promise<Room | null> {
      return db.room.findUnique({ where: { id } });
    },
    /** Clients by (name, id), a page after `after`, with their internal-room and mapping counts. */
    clientsPage(page: ClientPage): Promise<ClientWithCounts[]> {
      const { search, limit, after } = page;
      return db.client.findMany({
        where: {
          ...(search === undefined ? {} : { name: { contains: search, mode: "insensitive" as const } }),
          ...(after === undefined ? {} : { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }),
        },
        include: { _count: { select: { rooms: { where: { kind: "internal" } }, mappings: true } } },
        orderBy: [{ name: "asc" }, { id: "asc" }],
        take: limit,
      });
    },
    roomsOfClient(clientId: string): Promise<RoomWithMapping[]> {
      return db.room.findMany({ where: { clientId }, include: { mapping: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
    },
  };
}
