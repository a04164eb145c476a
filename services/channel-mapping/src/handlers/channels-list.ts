// cmd.channels.list: the organisation's channels, filtered, each marked with its mapping.
import type { CommandHandlers } from "@cliq/runtime";
import { assertMayManageMappings } from "../domain/access.ts";
import { filterChannels, markMapped, sortChannels } from "../domain/channel-filter.ts";
import type { HandlerContext } from "./context.ts";

export function channelsList(ctx: HandlerContext): NonNullable<CommandHandlers["channelsList"]> {
  return async (req) => {
    assertMayManageMappings(req.actor);
    const listing = await ctx.catalog.list({ refresh: req.refresh ?? false });
    const channels = sortChannels(filterChannels(listing.channels, req));
    const holders = await ctx.mappings.holders(channels.map((c) => c.channelId));
    return { channels: markMapped(channels, holders), fetchedAt: listing.fetchedAt.toISOString(), cached: listing.cached };
  };
}
