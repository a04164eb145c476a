// cmd.mapping.jobs: a mapping's sync history, newest first, page by page (`before`).
import { AppError } from "@cliq/contracts";
import { toJobView } from "../domain/views.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function mappingJobs(ctx: HandlerContext): AuthorizedHandler<"mappingJobs"> {
  return async (req) => {
    const page = await ctx.jobs.listForMapping(req.mappingId, req.limit, req.before === undefined ? undefined : new Date(req.before));
    // The history of a deleted mapping stays readable; an id that never had jobs or a mapping is unknown.
    if (page.jobs.length === 0 && req.before === undefined && (await ctx.mappings.findById(req.mappingId)) === null) {
      throw new AppError("mapping_not_found", `no Zoho mapping with id ${req.mappingId}`);
    }
    return { jobs: page.jobs.map(toJobView), nextBefore: page.nextBefore === null ? null : page.nextBefore.toISOString() };
  };
}
