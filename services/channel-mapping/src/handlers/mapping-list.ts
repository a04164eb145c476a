// cmd.mapping.list: by client, room, status or channel (all optional, combined with AND).
import type { CommandHandlers } from "@cliq/runtime";
import { assertMayManageMappings } from "../domain/access.ts";
import { toMappingView } from "../domain/views.ts";
import type { HandlerContext } from "./context.ts";

export function mappingList(ctx: HandlerContext): NonNullable<CommandHandlers["mappingList"]> {
  return async (req) => {
    assertMayManageMappings(req.actor);
    const rows = await ctx.mappings.list({
      ...(req.clientId === undefined ? {} : { clientId: req.clientId }),
      ...(req.roomId === undefined ? {} : { roomId: req.roomId }),
      ...(req.status === undefined ? {} : { status: req.status }),
      ...(req.zohoChannelId === undefined ? {} : { zohoChannelId: req.zohoChannelId }),
    });
    return { mappings: rows.map(toMappingView) };
  };
}
