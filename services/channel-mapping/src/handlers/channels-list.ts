// cmd.channels.list: the organisation's channels, filtered, each marked with its mapping.
import { filterChannels, markMapped, sortChannels } from "../domain/channel-filter.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function channelsList(ctx: HandlerContext): AuthorizedHandler<"channelsList"> {
  return async (req) => {
    const listing = await ctx.catalog.list({ refresh: req.refresh ?? false });
    const channels = sortChannels(filterChannels(listing.channels, req));
    const holders = await ctx.mappings.holders(channels.map((c) => c.channelId));
    return { channels: markMapped(channels, holders), fetchedAt: listing.fetchedAt.toISOString(), cached: listing.cached };
  };
}
