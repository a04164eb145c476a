// cmd.mapping.rooms: a client's rooms, each with its mapping and live sync status.
import { AppError } from "@cliq/contracts";
import type { CommandHandlers } from "@cliq/runtime";
import { assertMayManageMappings } from "../domain/access.ts";
import { toMappingView } from "../domain/views.ts";
import type { HandlerContext } from "./context.ts";

export function mappingRooms(ctx: HandlerContext): NonNullable<CommandHandlers["mappingRooms"]> {
  return async (req) => {
    assertMayManageMappings(req.actor);
    const client = await ctx.rooms.findClient(req.clientId);
    if (client === null) throw new AppError("client_not_found", `no client with id ${req.clientId}`);
    const rooms = await ctx.rooms.roomsOfClient(client.id);
    return {
      client: { id: client.id, name: client.name },
      rooms: rooms.map((r) => ({ id: r.id, clientId: r.clientId, name: r.name, kind: r.kind, mapping: r.mapping === null ? null : toMappingView(r.mapping) })),
    };
  };
}
