// Builds the gateway's Fastify app from explicit dependencies; it neither reads the environment
// nor listens. main.ts listens; tests call `app.inject()`.
import { randomUUID } from "node:crypto";
import fastifyCors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { consolePlugin } from "./console/plugin.ts";
import type { GatewayDeps, GatewayRoutes } from "./deps.ts";
import { registerAudit } from "./plugins/audit.ts";
import { authGuard, decorateUser, identifyCaller } from "./plugins/auth.ts";
import { handleError, registerErrorHandling } from "./plugins/errors.ts";
import { API_PREFIX, FUNCTIONS_PREFIX, registerOpenApi } from "./plugins/openapi.ts";
import { createRateLimitHook } from "./plugins/rate-limit.ts";
import { collectRoutes } from "./plugins/route-catalog.ts";
import { refuseUndeclaredInput } from "./plugins/strict-input.ts";
import { registerFunctionRoutes } from "./routes/functions.ts";
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
    // Bad URL encoding or over-long params never reach a route: answer them with the standard body too.
    frameworkErrors: (err, request, reply) => {
      handleError(err, request, reply);
    },
    // Trust X-Forwarded-For from this many proxies; 0: request.ip is the peer address.
    trustProxy: (_address: string, hop: number) => hop < deps.config.TRUST_PROXY_HOPS,
  }).withTypeProvider<ZodTypeProvider>();
  collectRoutes(app);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  decorateUser(app);
  app.addHook("onRequest", identifyCaller(deps.auth));
  registerAudit(app, deps.audit);
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
  await app.register(consolePlugin);

  const rateLimit = await createRateLimitHook(app, {
    perMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    namespace: `${deps.config.SUBJECT_PREFIX || "cliq"}:gateway:rate:`,
    ...(deps.rateLimitRedis === undefined ? {} : { redis: deps.rateLimitRedis }),
  });
  // The guarded scopes: rate limit (keyed by the identified caller), then the auth guard.
  const guarded = (api: FastifyInstance) => {
    api.addHook("onRequest", rateLimit);
    api.addHook("onRequest", authGuard(deps.auth));
    api.addHook("onRoute", refuseUndeclaredInput);
  };
  await app.register(
    async (api) => {
      guarded(api);
      for (const routes of options.routes ?? API_ROUTES) {
        await api.register(async (scope) => routes(scope.withTypeProvider<ZodTypeProvider>(), deps));
      }
    },
    { prefix: API_PREFIX },
  );
  await app.register(
    async (fns) => {
      guarded(fns);
      await registerFunctionRoutes(fns.withTypeProvider<ZodTypeProvider>(), deps);
    },
    { prefix: FUNCTIONS_PREFIX },
  );
  return app;
}
