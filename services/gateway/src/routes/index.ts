// Every route module mounted under /api. A new domain adds its `registerXRoutes` here.
import type { GatewayRoutes } from "../deps.ts";
import { registerAuditLogRoutes } from "./audit-log.ts";
import { registerEventRoutes } from "./events.ts";
import { registerMappingRoutes } from "./mappings.ts";
import { registerMeRoutes } from "./me.ts";
import { registerSyncRoutes } from "./sync.ts";
import { registerZohoAuthRoutes } from "./zoho-auth.ts";

export const API_ROUTES: readonly GatewayRoutes[] = [
  registerMeRoutes,
  registerZohoAuthRoutes,
  registerMappingRoutes,
  registerSyncRoutes,
  registerEventRoutes,
  registerAuditLogRoutes,
];
