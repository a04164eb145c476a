// cmd.mapping.pause: scheduled syncs skip a paused mapping; its sync results no longer move its status.
import type { CommandHandlers } from "@cliq/runtime";
import type { HandlerContext } from "./context.ts";
import { changeMappingStatus } from "./mapping-status.ts";

export function mappingPause(ctx: HandlerContext): NonNullable<CommandHandlers["mappingPause"]> {
  return (req) => changeMappingStatus(ctx, req.actor, req.mappingId, { from: (s) => s !== "paused", to: "paused", event: "mappingPaused" });
}
