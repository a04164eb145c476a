// The simulator's own index page (GET /) and the fallbacks for unknown URLs and errors.
import type { FastifyInstance } from "fastify";
import { ADMIN_ROUTES } from "./admin-routes.ts";
import type { SimContext } from "./context.ts";
import { sendJson, URL_INVALID } from "./zoho-replies.ts";

/** unknown URLs answer like Cliq; framework errors (bad body, bad content type) as a Zoho-style JSON error. */
export function registerFallbacks(app: FastifyInstance): void {
  app.setNotFoundHandler(async (_req, reply) => sendJson(reply, 404, URL_INVALID));
  app.setErrorHandler(async (err: { statusCode?: number; message?: string }, _req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    return sendJson(reply, status, { code: "operation_failed", message: err.message ?? "error" });
  });
}

const ENDPOINTS = [
  "GET  {accountsServer}/oauth/v2/auth",
  "POST {accountsServer}/oauth/v2/token",
  "POST {accountsServer}/oauth/v2/token/revoke?token=",
  "POST {accountsServer}/oauth/v2/revoke/token (Basic auth)",
  "GET  {accountsServer}/oauth/serverinfo",
  "GET  {cliqServer}/api/v2/channels",
  "GET  {cliqServer}/api/v2/channels/{channel_id}",
  "GET  {cliqServer}/api/v2/chats/{chat_id}/messages",
];

export function controlRoutes(ctx: SimContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/", async (_req, reply) =>
      sendJson(reply, 200, {
        name: "Zoho Accounts + Zoho Cliq API v2 simulator",
        clientId: ctx.clientId,
        dataCentres: ctx.dataCentres(),
        endpoints: ENDPOINTS,
        admin: ADMIN_ROUTES,
        quirks: ctx.quirks(),
        channels: ctx.org.channels().length,
        now: ctx.clock.now(),
        counters: ctx.counters(),
      }),
    );
  };
}
