import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { GatewayRoutes } from "../deps.ts";
import { buildTestGateway } from "../test-fixtures/gateway.ts";

const documented: GatewayRoutes = async (api) => {
  api.post(
    "/widgets",
    {
      config: { roles: ["super_admin"] },
      schema: {
        tags: ["widgets"],
        body: z.object({ name: z.string().min(1) }).strict(),
        response: { 201: z.object({ id: z.uuid(), name: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send({ id: crypto.randomUUID(), name: request.body.name }),
  );
};

type OpenApiDoc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: { properties: object; required: string[]; additionalProperties?: boolean } }> } }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
};

let app: FastifyInstance;
let doc: OpenApiDoc;
beforeAll(async () => {
  app = await buildTestGateway({ routes: [documented] });
  const res = await app.inject({ method: "GET", url: "/docs/json" });
  expect(res.statusCode).toBe(200);
  doc = res.json<OpenApiDoc>();
});
afterAll(async () => {
  await app.close();
});

describe("OpenAPI document", () => {
  it("when fetched, then it is an OpenAPI 3 document listing every route", () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("cliq-sync gateway");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/healthz", "/readyz", "/api/me", "/api/widgets"]));
  });

  it("when a route has a zod body, then the schema is in the document (strict → no extra properties)", () => {
    const body = doc.paths["/api/widgets"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(body?.required).toEqual(["name"]);
    expect(body?.properties).toHaveProperty("name");
    expect(body?.additionalProperties).toBe(false);
  });

  it("when a route is in /api, then it requires the bearer scheme; health routes do not", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/api/me"]?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/healthz"]?.get?.security).toEqual([]);
  });

  it("when /docs is opened, then the Swagger UI is served without a token", async () => {
    const res = await app.inject({ method: "GET", url: "/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
  });
});
