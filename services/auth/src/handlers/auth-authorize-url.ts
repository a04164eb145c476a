import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

export const authAuthorizeUrl = (app: AuthApp): NonNullable<CommandHandlers["authAuthorizeUrl"]> => (req) => app.connection.authorizeUrl(req);
