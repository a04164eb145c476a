import type { CommandHandlers } from "@cliq/runtime";
import { requireRole, ADMIN_ROLES } from "../app/access.ts";
import type { AuthApp } from "./app.ts";

export const authRefresh = (app: AuthApp): NonNullable<CommandHandlers["authRefresh"]> => async (req) => {
  requireRole(req.actor, ADMIN_ROLES, "Refreshing the Zoho Cliq token");
  const row = await app.tokens.refreshNow();
  return { location: row.location, expiresAt: row.expiresAt.toISOString(), scopes: row.scopes, version: row.tokenVersion };
};
