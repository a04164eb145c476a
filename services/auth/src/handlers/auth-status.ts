import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

export const authStatus = (app: AuthApp): NonNullable<CommandHandlers["authStatus"]> => (req) => app.diagnostics.status(req.actor);
