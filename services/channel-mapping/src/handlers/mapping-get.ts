// cmd.mapping.get
import { AppError } from "@cliq/contracts";
import { toMappingView } from "../domain/views.ts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function mappingGet(ctx: HandlerContext): AuthorizedHandler<"mappingGet"> {
  return async (req) => {
    const m = await ctx.mappings.findById(req.mappingId);
    if (m === null) throw new AppError("mapping_not_found", `no Zoho mapping with id ${req.mappingId}`);
    return toMappingView(m);
  };
}
