// @cliq/auth — the organisation's single Zoho Cliq connection (see README.md).
export { buildAuthService, SERVICE_NAME, type AuthService, type AuthServiceDeps, type AuthZohoApi } from "./service.ts";
export { authEnvSchema, loadAuthConfig, DEFAULT_SCOPES, type AuthConfig } from "./config.ts";
export type { AccessToken, TokenManager, TokenRequest } from "./app/token-manager.ts";
export { parseKeyring, type Keyring } from "./domain/crypto.ts";
