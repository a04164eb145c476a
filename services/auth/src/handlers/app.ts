// What the command handlers call into: the use cases, built once by buildAuthService.
import type { Connection } from "../app/connection.ts";
import type { createDiagnostics } from "../app/diagnostics.ts";
import type { TokenManager } from "../app/token-manager.ts";

export type AuthApp = {
  connection: Connection;
  diagnostics: ReturnType<typeof createDiagnostics>;
  tokens: TokenManager;
};
