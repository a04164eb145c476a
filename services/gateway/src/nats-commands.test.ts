import { AppError, type CommandName } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import type { GatewayRoutes } from "./deps.ts";
import { sendCommand } from "./nats-commands.ts";
import { authHeader, buildTestGateway } from "./test-fixtures/gateway.ts";

const CLIENT_ID = "8f14e45f-ceea-4e7a-9c1b-3c0a2b8f4d11";
const ROOM_ID = "c9f0f895-fb98-4b91-a8f5-6a4c2b1e7d22";

/** Our own command-client interface answered in-process: records what the route sent. */
function recordingClient(answer: (name: CommandName, payload: unknown) => unknown): { client: CommandClient; calls: Array<{ name: string; payload: unknown }> } {
  const calls: Array<{ name: string; payload: unknown }> = [];
  const client = {
    request: async (name: CommandName, payload: unknown) => {
      calls.push({ name, payload });
      return answer(name, payload);
    },
  } as CommandClient;
  return { client, calls };
}

const mappingRoutes = (commands: CommandClient): GatewayRoutes =>
  async (api) => {
    api.post(
      "/mappings",
      { config: { roles: ["super_admin", "backend"] }, schema: { body: z.object({ clientId: z.uuid(), roomId: z.uuid(), zohoChannelId: z.string() }).strict() } },
      async (request, reply) => reply.code(201).send(await sendCommand(commands, request, "mappingCreate", request.body)),
    );
  };

describe("sendCommand", () => {
  it("when a route sends a command, then the verified caller travels as the actor", async () => {
    const { client, calls } = recordingClient(() => ({ id: "m1" }));
    const app = await buildTestGateway({ commands: client, routes: [mappingRoutes(client)] });
    const res = await app.inject({
      method: "POST",
      url: "/api/mappings",
      headers: await authHeader(["backend"], "bo@example.com"),
      payload: { clientId: CLIENT_ID, roomId: ROOM_ID, zohoChannelId: "T1" },
    });
    expect(res.statusCode).toBe(201);
    expect(calls).toEqual([
      {
        name: "mappingCreate",
        payload: { clientId: CLIENT_ID, roomId: ROOM_ID, zohoChannelId: "T1", actor: { userId: "bo@example.com", roles: ["backend"] } },
      },
    ]);
    await app.close();
  });

  it("when the owner refuses with a contract error, then the gateway answers its status and body", async () => {
    const { client } = recordingClient(() => {
      throw new AppError("channel_already_mapped", "channel T1 is already mapped to Acme / Sales", { mappingId: "m0" });
    });
    const app = await buildTestGateway({ commands: client, routes: [mappingRoutes(client)] });
    const res = await app.inject({
      method: "POST",
      url: "/api/mappings",
      headers: await authHeader(["super_admin"]),
      payload: { clientId: CLIENT_ID, roomId: ROOM_ID, zohoChannelId: "T1" },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: { code: "channel_already_mapped", message: "channel T1 is already mapped to Acme / Sales", details: { mappingId: "m0" } } });
    await app.close();
  });
});
