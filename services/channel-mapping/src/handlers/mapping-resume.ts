// cmd.mapping.resume: a paused mapping becomes active again (its last error stays visible).
import type { CommandHandlers } from "@cliq/runtime";
import type { HandlerContext } from "./context.ts";
import { changeMappingStatus } from "./mapping-status.ts";

export function mappingResume(ctx: HandlerContext): NonNullable<CommandHandlers["mappingResume"]> {
  return (req) => changeMappingStatus(ctx, req.actor, req.mappingId, { from: (s) => s === "paused", to: "active", event: "mappingResumed" });
}
