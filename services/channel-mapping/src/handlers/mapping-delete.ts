// cmd.mapping.delete: removes the mapping and announces it, in one transaction. The job history
// stays (zoho_sync_jobs has no foreign key), so the runs of a deleted mapping remain auditable.
import { AppError } from "@cliq/contracts";
import type { AuthorizedHandler } from "./access-rule.ts";
import { TX_OPTIONS, type HandlerContext } from "./context.ts";

export function mappingDelete(ctx: HandlerContext): AuthorizedHandler<"mappingDelete"> {
  return async (req, caller) => {
    const deleted = await ctx.db.$transaction(async (tx) => {
      const m = await ctx.mappings.delete(tx, req.mappingId);
      if (m === null) return null;
      await ctx.publisher.publish("mappingDeleted", {
        mappingId: m.id,
        clientId: m.clientId,
        roomId: m.roomId,
        zohoChannelId: m.zohoChannelId,
        by: caller.userId,
      });
      return m;
    }, TX_OPTIONS);
    if (deleted === null) throw new AppError("mapping_not_found", `no Zoho mapping with id ${req.mappingId}`);
    ctx.catalog.invalidate();
    return { deleted: true as const };
  };
}
