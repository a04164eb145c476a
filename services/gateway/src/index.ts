// @cliq/gateway — the HTTP API. Domain route modules plug in through GatewayRoutes (see README).
export { buildGatewayApp, GATEWAY_VERSION, type BuildGatewayOptions } from "./app.ts";
export { gatewayEnvSchema, loadGatewayConfig, type GatewayConfig } from "./config.ts";
export type { GatewayApp, GatewayDeps, GatewayRoutes, ReadinessChecks } from "./deps.ts";
export { createJwtVerifier, type AuthUser, type JwtVerifier, type JwtVerifierOptions } from "./auth/jwt-verifier.ts";
export { jwtVerifierFromConfig } from "./auth/verifier-from-config.ts";
export { signDevToken, type DevTokenRequest } from "./auth/dev-token.ts";
export { currentUser, requireRoles, type Role } from "./plugins/auth.ts";
export { toErrorBody } from "./plugins/errors.ts";
export { API_PREFIX } from "./plugins/openapi.ts";
export { API_ROUTES } from "./routes/index.ts";
export { actorOf, sendCommand, type ActorCommandName, type ActorlessPayload, type SendCommandOptions } from "./nats-commands.ts";
export { createDbAuditTrail, type AuditTrail, type AuditRecord, type AuditQuery } from "./audit/audit-trail.ts";
export { auditEntryFor, AUDITED_BODY_FIELDS, type AuditEntry, type AuditOutcome } from "./audit/audit-entry.ts";
export { createJetStreamLiveEvents, type LiveEvent, type LiveEventSource } from "./live/live-events.ts";
export { formatEventId, parseEventId, type StreamPositions } from "./live/positions.ts";
export { FUNCTIONS_PREFIX } from "./plugins/openapi.ts";
export type { RouteEntry } from "./plugins/route-catalog.ts";
export { EVENTS_PATH } from "./routes/events.ts";
