import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

export const authRotate = (app: AuthApp): NonNullable<CommandHandlers["authRotate"]> => (req) => app.connection.rotate(req.actor);
