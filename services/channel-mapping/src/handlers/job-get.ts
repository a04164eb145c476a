// cmd.mapping.job.get
import { AppError } from "@cliq/contracts";
import { toJobView } from "../domain/views.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function jobGet(ctx: HandlerContext): AuthorizedHandler<"jobGet"> {
  return async (req) => {
    const job = await ctx.jobs.findById(req.jobId);
    if (job === null) throw new AppError("job_not_found", `no sync job with id ${req.jobId}`);
    return toJobView(job);
  };
}
