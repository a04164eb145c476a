// cmd.mapping.rooms: a client's rooms, each with its mapping, live sync status and the warnings of
// the mapping's newest job.
import { AppError } from "@cliq/contracts";
import { toLatestJobWarnings, toMappingView } from "../domain/views.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function mappingRooms(ctx: HandlerContext): AuthorizedHandler<"mappingRooms"> {
  return async (req) => {
    const client = await ctx.rooms.findClient(req.clientId);
    if (client === null) throw new AppError("client_not_found", `no client with id ${req.clientId}`);
    const rooms = await ctx.rooms.roomsOfClient(client.id);
    const latest = await ctx.jobs.latestForMappings(rooms.flatMap((r) => (r.mapping === null ? [] : [r.mapping.id])));
    return {
      client: { id: client.id, name: client.name },
      rooms: rooms.map((r) => ({
        id: r.id,
        clientId: r.clientId,
        name: r.name,
        kind: r.kind,
        mapping: r.mapping === null ? null : toMappingView(r.mapping),
        latestJobWarnings: r.mapping === null ? null : toLatestJobWarnings(latest.get(r.mapping.id)),
      })),
    };
  };
}
