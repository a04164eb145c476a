import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

export const authDisconnect = (app: AuthApp): NonNullable<CommandHandlers["authDisconnect"]> => (req) => app.connection.disconnect(req.actor);
