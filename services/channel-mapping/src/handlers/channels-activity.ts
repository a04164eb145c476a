// cmd.channels.activity: the newest message time of the asked channels, from the cached channel
// list (the scheduler's planner asks once per page of mappings, so no reply outgrows a NATS message).
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function channelsActivity(ctx: HandlerContext): AuthorizedHandler<"channelsActivity"> {
  return async (req) => {
    const listing = await ctx.catalog.list({ refresh: false, ...(req.maxAgeMs === undefined ? {} : { maxAgeMs: req.maxAgeMs }) });
    const wanted = new Set(req.channelIds);
    const activity = listing.channels.filter((c) => wanted.has(c.channelId)).map((c) => ({ channelId: c.channelId, lastMessageTime: c.lastMessageTime }));
    return { activity, fetchedAt: listing.fetchedAt.toISOString(), cached: listing.cached };
  };
}
