// Pause and resume: a conditional status change plus its event, in one transaction. Asking for
// the state a mapping is already in changes nothing and publishes nothing.
import { AppError, type MappingView } from "@cliq/contracts";
import type { SyncStatus } from "@cliq/db";
import type { UserCaller } from "../domain/access.ts";
import { toMappingView } from "../domain/views.ts";
import { TX_OPTIONS, type HandlerContext } from "./context.ts";

export type StatusChange = {
  from: (s: SyncStatus) => boolean;
  to: SyncStatus;
  event: "mappingPaused" | "mappingResumed";
};

export async function changeMappingStatus(ctx: HandlerContext, caller: UserCaller, mappingId: string, change: StatusChange): Promise<MappingView> {
  const changed = await ctx.db.$transaction(async (tx) => {
    const m = await ctx.mappings.changeStatus(tx, mappingId, change.from, change.to);
    if (m === null) return null;
    await ctx.publisher.publish(change.event, { mappingId: m.id, clientId: m.clientId, roomId: m.roomId, zohoChannelId: m.zohoChannelId, by: caller.userId });
    return m;
  }, TX_OPTIONS);
  if (changed !== null) {
    ctx.catalog.invalidate();
    return toMappingView(changed);
  }
  const current = await ctx.mappings.findById(mappingId);
  if (current === null) throw new AppError("mapping_not_found", `no Zoho mapping with id ${mappingId}`);
  return toMappingView(current);
}
