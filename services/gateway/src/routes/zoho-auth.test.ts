import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { authHeader } from "../test-fixtures/gateway.ts";
import { buildAnsweringGateway } from "../test-fixtures/routes.ts";

describe("zoho-auth routes", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildAnsweringGateway();
  });
  afterAll(async () => app.close());

  it("when authorize-url is posted without a body, then the consent URL comes back (the body is optional)", async () => {
    const res = await app.inject({ method: "POST", url: "/api/integrations/zoho-cliq/authorize-url", headers: await authHeader(["super_admin"]) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveProperty("url");
  });

  it("when authorize-url carries an unknown field, then 400 names it", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/integrations/zoho-cliq/authorize-url",
      headers: await authHeader(["super_admin"]),
      payload: { location: "eu", extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain("extra");
  });
});
