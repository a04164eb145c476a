// The whole path a domain route takes: HTTP → gateway → real NATS → a real command responder → reply.
import { AppError } from "@cliq/contracts";
import { connectNats, createCommandClient, createLogger, drainNats, serveCommands, type CommandServer, type NatsConnection } from "@cliq/runtime";
import { NATS_URL, uniqueId } from "@cliq/testkit";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayRoutes } from "./deps.ts";
import { sendCommand } from "./nats-commands.ts";
import { authHeader, buildTestGateway } from "./test-fixtures/gateway.ts";

const logger = createLogger({ service: "gateway-int-test", level: "silent" });
const CLIENT_ID = "8f14e45f-ceea-4e7a-9c1b-3c0a2b8f4d11";

let nc: NatsConnection;
let server: CommandServer;
let app: FastifyInstance;
const seenActors: unknown[] = [];

const routes: GatewayRoutes = async (api, deps) => {
  api.get("/probe/auth-status", async (request) => sendCommand(deps.commands, request, "authStatus", {}));
  api.get(
    "/probe/clients/:clientId/rooms",
    { schema: { params: z.object({ clientId: z.uuid() }) } },
    async (request) => sendCommand(deps.commands, request, "mappingRooms", { clientId: request.params.clientId }),
  );
  api.get("/probe/channels", async (request) => sendCommand(deps.commands, request, "channelsList", {}, { timeoutMs: 1_000 }));
};

beforeAll(async () => {
  const prefix = uniqueId("gw");
  nc = await connectNats({ url: NATS_URL, name: "gateway-int-test", logger });
  server = serveCommands({
    nc,
    prefix,
    logger,
    handlers: {
      authStatus: async ({ actor }) => {
        seenActors.push(actor);
        return {
          connected: true,
          state: "connected",
          location: "us",
          accountsServer: "https://accounts.zoho.com",
          cliqServer: "https://cliq.zoho.com",
          scopes: ["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"],
          expiresAt: "2030-01-01T00:00:00.000Z",
          authenticatedBy: "admin@example.com",
          lastRefreshAt: null,
          lastRefreshError: null,
          tokenVersion: 3,
          action: null,
        };
      },
      mappingRooms: async ({ clientId }) => {
        throw new AppError("client_not_found", `client ${clientId} does not exist`);
      },
      // channelsList deliberately has no responder.
    },
  });
  app = await buildTestGateway({ commands: createCommandClient({ nc, prefix, timeoutMs: 2_000 }), routes: [routes] });
});

afterAll(async () => {
  await app.close();
  await server.stop();
  await drainNats(nc);
});

describe("gateway → NATS → command responder", () => {
  it("when a route sends a command, then the responder's reply is returned with the caller as actor", async () => {
    const res = await app.inject({ method: "GET", url: "/api/probe/auth-status", headers: await authHeader(["super_admin"], "root@example.com") });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ connected: true, state: "connected", tokenVersion: 3 });
    expect(seenActors).toEqual([{ userId: "root@example.com", roles: ["super_admin"] }]);
  });

  it("when the responder refuses with a contract error, then the gateway answers its HTTP status", async () => {
    const res = await app.inject({ method: "GET", url: `/api/probe/clients/${CLIENT_ID}/rooms`, headers: await authHeader(["backend"]) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: "client_not_found", message: `client ${CLIENT_ID} does not exist` } });
  });

  it("when nobody serves the command, then 503 service_unavailable", async () => {
    const res = await app.inject({ method: "GET", url: "/api/probe/channels", headers: await authHeader(["backend"]) });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ error: { code: string } }>().error.code).toBe("service_unavailable");
  });
});
