// @cliq/channel-mapping: the service, for main.ts, tests and the lead's composition.
export { buildMappingService, type MappingService, type MappingServiceDeps } from "./service.ts";
export { configSchema, SERVICE_NAME, type MappingConfig } from "./config.ts";
export type { ZohoLimiter, ZohoEndpointClass } from "./zoho/limiter.ts";
export type { ZohoChannelsApi } from "./zoho/channel-source.ts";
export type { CommandRequester } from "./zoho/zoho-access.ts";
