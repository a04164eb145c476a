import { AppError } from "@cliq/contracts";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { GatewayRoutes } from "../deps.ts";
import { authHeader, buildTestGateway, capturingLogger } from "../test-fixtures/gateway.ts";

const SECRET_IN_ERROR = "postgres://admin:hunter2@db.internal/prod";

const testRoutes: GatewayRoutes = async (api) => {
  api.post(
    "/things",
    {
      schema: {
        body: z.object({ name: z.string().min(1), count: z.number().int().positive() }).strict(),
        querystring: z.object({ dryRun: z.enum(["true", "false"]).optional() }).strict(),
      },
    },
    async (request) => ({ received: request.body }),
  );
  api.get("/conflict", async () => {
    throw new AppError("channel_already_mapped", "channel T1 is already mapped to room Sales of client Acme", {
      holder: { clientId: "c1", roomId: "r1" },
    });
  });
  api.get("/boom", async () => {
    throw new Error(`connect failed: ${SECRET_IN_ERROR}`);
  });
  api.get("/internal-app-error", async () => {
    throw new AppError("internal", `cmd.x replied outside the contract: ${SECRET_IN_ERROR}`);
  });
  api.get("/bad-reply", { schema: { response: { 200: z.object({ id: z.uuid() }) } } }, async () => ({ id: "not-a-uuid" }));
};

let app: FastifyInstance;
let logs: string[];
let headers: { authorization: string };
beforeAll(async () => {
  const captured = capturingLogger();
  logs = captured.lines;
  app = await buildTestGateway({ routes: [testRoutes], logger: captured.logger, env: { BODY_LIMIT_BYTES: "2048" } });
  headers = await authHeader(["backend"]);
});
afterAll(async () => {
  await app.close();
});

type ErrorResponse = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

async function post(payload: string, contentType = "application/json", url = "/api/things") {
  const res = await app.inject({ method: "POST", url, headers: { ...headers, "content-type": contentType }, payload });
  return { status: res.statusCode, body: res.json<ErrorResponse>() };
}

describe("the single error handler", () => {
  it("when the body is valid, then the route runs", async () => {
    const res = await post(JSON.stringify({ name: "a", count: 2 }));
    expect(res.status).toBe(200);
  });

  it("when body fields are invalid, then 400 validation_failed names each field", async () => {
    const res = await post(JSON.stringify({ name: "", count: -1 }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toMatch(/body\.name: .+; body\.count: .+/);
    expect(res.body.error.details?.map((d) => d.path)).toEqual(["body.name", "body.count"]);
  });

  it("when the body has an unknown field, then 400 names that field", async () => {
    const res = await post(JSON.stringify({ name: "a", count: 1, isAdmin: true }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("isAdmin");
  });

  it("when the query string is invalid, then 400 names the query field", async () => {
    const res = await post(JSON.stringify({ name: "a", count: 1 }), "application/json", "/api/things?dryRun=maybe");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("querystring.dryRun");
  });

  it("when the body is larger than BODY_LIMIT_BYTES, then 413 payload_too_large", async () => {
    const res = await post(JSON.stringify({ name: "x".repeat(4096), count: 1 }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("when the body is not valid JSON, then 400 bad_request", async () => {
    const res = await post('{"name": "a",');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: "bad_request", message: expect.any(String) });
  });

  it("when the content type is not supported, then 415 unsupported_media_type", async () => {
    const res = await post("name=a", "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("unsupported_media_type");
  });

  it("when no route matches, then 404 route_not_found in the same shape", async () => {
    const res = await app.inject({ method: "GET", url: "/nope?x=1" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: "route_not_found", message: "no route GET /nope" } });
  });

  it("when a route throws an AppError, then its contract status and body are returned", async () => {
    const res = await app.inject({ method: "GET", url: "/api/conflict", headers });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: {
        code: "channel_already_mapped",
        message: "channel T1 is already mapped to room Sales of client Acme",
        details: { holder: { clientId: "c1", roomId: "r1" } },
      },
    });
  });

  it("when a route throws something unexpected, then 500 internal is generic and the error is logged", async () => {
    const res = await app.inject({ method: "GET", url: "/api/boom", headers });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: "internal", message: "internal error; it has been logged" } });
    expect(res.body).not.toContain("hunter2");
    expect(res.body).not.toContain("stack");
    expect(logs.some((l) => l.includes("request failed unexpectedly") && l.includes("connect failed"))).toBe(true);
  });

  it("when an internal AppError is thrown, then its message stays in the logs", async () => {
    const res = await app.inject({ method: "GET", url: "/api/internal-app-error", headers });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("hunter2");
  });

  it("when a route's reply breaks its response schema, then 500 internal", async () => {
    const res = await app.inject({ method: "GET", url: "/api/bad-reply", headers });
    expect(res.statusCode).toBe(500);
    expect(res.json<ErrorResponse>().error.code).toBe("internal");
  });

  it("when any error is answered, then the authorization header never reaches the logs", async () => {
    await app.inject({ method: "GET", url: "/api/boom", headers });
    const token = headers.authorization.slice("Bearer ".length);
    expect(logs.join("\n")).not.toContain(token);
  });
});
