// Builds the gateway's Fastify app from explicit dependencies; it neither reads the environment
// nor listens. main.ts listens; tests call `app.inject()`.
import { randomUUID } from "node:crypto";
import fastifyCors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { GatewayDeps, GatewayRoutes } from "./deps.ts";
import { authGuard, decorateUser } from "./plugins/auth.ts";
import { registerErrorHandling } from "./plugins/errors.ts";
import { API_PREFIX, registerOpenApi } from "./plugins/openapi.ts";
import { registerHealthRoutes } from "./routes/health.ts";
import { API_ROUTES } from "./routes/index.ts";
import { registerZohoCallbackRoute } from "./routes/zoho-auth.ts";

export const GATEWAY_VERSION = "0.1.0";

export type BuildGatewayOptions = {
  /** The modules mounted under /api; defaults to API_ROUTES. */
  routes?: readonly GatewayRoutes[];
};

export async function buildGatewayApp(deps: GatewayDeps, options: BuildGatewayOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps one instance type everywhere.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  decorateUser(app);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  if (deps.config.CORS_ORIGINS.length > 0) {
    await app.register(fastifyCors, {
      origin: deps.config.CORS_ORIGINS,
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowedHeaders: ["authorization", "content-type", "idempotency-key", "x-request-id"],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    });
  }
  await registerOpenApi(app, { title: "cliq-sync gateway", version: GATEWAY_VERSION });
  await registerHealthRoutes(app, deps.checks);
  // Reached by the browser's redirect from Zoho: no bearer token; the single-use state binds it.
  await registerZohoCallbackRoute(app, { commands: deps.commands });

  await app.register(
    async (api) => {
      api.addHook("onRequest", authGuard(deps.auth));
      for (const routes of options.routes ?? API_ROUTES) {
        await api.register(async (scope) => routes(scope.withTypeProvider<ZodTypeProvider>(), deps));
      }
    },
    { prefix: API_PREFIX },
  );
  return app;
}
