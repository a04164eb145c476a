import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

export const authComplete = (app: AuthApp): NonNullable<CommandHandlers["authComplete"]> => (req) => app.connection.complete(req);
