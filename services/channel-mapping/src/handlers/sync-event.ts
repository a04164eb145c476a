// sync.> (consumer mappingProjection): keeps zoho_sync_jobs and each mapping's live sync state.
// Both updates are idempotent and order-safe on their own (see the repositories), so a crash
// between them is repaired by the redelivery.
import type { EventHandler } from "@cliq/runtime";
import { jobRecordFor } from "../domain/job-record.ts";
import { mappingSyncEffect, type SyncEvent } from "../domain/mapping-sync-effect.ts";
import type { HandlerContext } from "./context.ts";

export function syncEventProjection(ctx: Pick<HandlerContext, "jobs" | "mappings">): EventHandler<"syncAny"> {
  return async ({ name, envelope }) => {
    const event = { name, data: envelope.data } as SyncEvent;
    const at = new Date(envelope.occurredAt);
    await ctx.jobs.apply(jobRecordFor(event, at));
    await ctx.mappings.applySyncEffect(event.data.mappingId, mappingSyncEffect(event), at);
  };
}
