// cmd.mapping.job.get
import { AppError } from "@cliq/contracts";
import type { CommandHandlers } from "@cliq/runtime";
import { assertMayManageMappings } from "../domain/access.ts";
import { toJobView } from "../domain/views.ts";
import type { HandlerContext } from "./context.ts";

export function jobGet(ctx: HandlerContext): NonNullable<CommandHandlers["jobGet"]> {
  return async (req) => {
    assertMayManageMappings(req.actor);
    const job = await ctx.jobs.findById(req.jobId);
    if (job === null) throw new AppError("job_not_found", `no sync job with id ${req.jobId}`);
    return toJobView(job);
  };
}
