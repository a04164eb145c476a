import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

export const authTestConnection = (app: AuthApp): NonNullable<CommandHandlers["authTestConnection"]> => (req) =>
  app.diagnostics.testConnection(req.actor);
