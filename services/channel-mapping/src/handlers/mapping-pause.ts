// cmd.mapping.pause: scheduled syncs skip a paused mapping; its sync results no longer move its status.
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";
import { changeMappingStatus } from "./mapping-status.ts";

export function mappingPause(ctx: HandlerContext): AuthorizedHandler<"mappingPause"> {
  return (req, caller) => changeMappingStatus(ctx, caller, req.mappingId, { from: (s) => s !== "paused", to: "paused", event: "mappingPaused" });
}
