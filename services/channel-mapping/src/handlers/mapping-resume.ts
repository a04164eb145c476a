// cmd.mapping.resume: a paused mapping becomes active again (its last error stays visible).
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";
import { changeMappingStatus } from "./mapping-status.ts";

export function mappingResume(ctx: HandlerContext): AuthorizedHandler<"mappingResume"> {
  return (req, caller) => changeMappingStatus(ctx, caller, req.mappingId, { from: (s) => s === "paused", to: "active", event: "mappingResumed" });
}
