// cmd.mapping.list: by client, room, status or channel (all optional, combined with AND).
import { toMappingView } from "../domain/views.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function mappingList(ctx: HandlerContext): AuthorizedHandler<"mappingList"> {
  return async (req) => {
    const rows = await ctx.mappings.list({
      ...(req.clientId === undefined ? {} : { clientId: req.clientId }),
      ...(req.roomId === undefined ? {} : { roomId: req.roomId }),
      ...(req.status === undefined ? {} : { status: req.status }),
      ...(req.zohoChannelId === undefined ? {} : { zohoChannelId: req.zohoChannelId }),
    });
    return { mappings: rows.map(toMappingView) };
  };
}
