// The auth command table: one thin handler per contract command.
import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";
import { authAuthorizeUrl } from "./auth-authorize-url.ts";
import { authComplete } from "./auth-complete.ts";
import { authDisconnect } from "./auth-disconnect.ts";
import { authRefresh } from "./auth-refresh.ts";
import { authRotate } from "./auth-rotate.ts";
import { authStatus } from "./auth-status.ts";
import { authTestConnection } from "./auth-test-connection.ts";
import { authTokenGet } from "./auth-token-get.ts";

export type { AuthApp };

export function authHandlers(app: AuthApp): CommandHandlers {
  return {
    authAuthorizeUrl: authAuthorizeUrl(app),
    authComplete: authComplete(app),
    authStatus: authStatus(app),
    authTestConnection: authTestConnection(app),
    authRefresh: authRefresh(app),
    authTokenGet: authTokenGet(app),
    authDisconnect: authDisconnect(app),
    authRotate: authRotate(app),
  };
}
