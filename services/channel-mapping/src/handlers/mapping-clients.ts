// cmd.mapping.clients: the clients whose rooms can be mapped, by name, a page at a time (keyset:
// `next` is the last client's id, so pages stay stable while clients are added).
import { AppError } from "@cliq/contracts";
import type { AuthorizedHandler } from "./access-rule.ts";
import type { HandlerContext } from "./context.ts";

export function mappingClients(ctx: HandlerContext): AuthorizedHandler<"mappingClients"> {
  return async (req) => {
    let after: { name: string; id: string } | undefined;
    if (req.after !== undefined) {
      const last = await ctx.rooms.findClient(req.after);
      if (last === null) throw new AppError("client_not_found", `no client with id ${req.after} to continue the list after`);
      after = { name: last.name, id: last.id };
    }
    const clients = await ctx.rooms.clientsPage({ limit: req.limit, ...(req.search === undefined ? {} : { search: req.search }), ...(after === undefined ? {} : { after }) });
    return {
      clients: clients.map((c) => ({ id: c.id, name: c.name, internalRooms: c._count.rooms, mappedRooms: c._count.mappings })),
      next: clients.length === req.limit ? (clients.at(-1)?.id ?? null) : null,
    };
  };
}
