// cmd.mapping.get
import { AppError } from "@cliq/contracts";
import type { CommandHandlers } from "@cliq/runtime";
import { assertMayManageMappings } from "../domain/access.ts";
import { toMappingView } from "../domain/views.ts";
import type { HandlerContext } from "./context.ts";

export function mappingGet(ctx: HandlerContext): NonNullable<CommandHandlers["mappingGet"]> {
  return async (req) => {
    assertMayManageMappings(req.actor);
    const m = await ctx.mappings.findById(req.mappingId);
    if (m === null) throw new AppError("mapping_not_found", `no Zoho mapping with id ${req.mappingId}`);
    return toMappingView(m);
  };
}
