// OpenAPI generated from the routes' zod schemas, served at /docs (UI) and /docs/json.
// Routes in the authenticated /api scope are marked with the bearer scheme automatically, so
// the document cannot drift from what the auth guard enforces.
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

export const API_PREFIX = "/api";
export const DOCS_PREFIX = "/docs";

export async function registerOpenApi(app: FastifyInstance, info: { title: string; version: string }): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: { ...info, description: "Zoho Cliq sync gateway: the API the TCIS frontend and admin console call." },
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const authenticated = input.url.startsWith(API_PREFIX) && input.route.config?.public !== true;
      return { ...out, schema: { ...out.schema, security: authenticated ? [{ bearerAuth: [] }] : [] } };
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, logLevel: "warn" });
}
