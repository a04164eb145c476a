import { AppError, type CommandName } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";
import { describe, expect, it } from "vitest";
import { createMappingClients } from "./mapping-clients.ts";

const actor = { userId: "u", roles: ["backend"] };
const M1 = "11111111-1111-4111-8111-111111111111";
const C1 = "22222222-2222-4222-8222-222222222222";

function commandsAnswering(answer: (mappingId: string) => unknown): { client: Pick<CommandClient, "request">; calls: string[] } {
  const calls: string[] = [];
  const client = {
    request: async (name: CommandName, payload: { mappingId?: string }) => {
      calls.push(`${name}:${payload.mappingId}`);
      const a = answer(payload.mappingId ?? "");
      if (a instanceof Error) throw a;
      return a;
    },
  } as Pick<CommandClient, "request">;
  return { client, calls };
}

describe("mapping → client resolution", () => {
  it("when asked twice (even at once), then channel-mapping is asked once", async () => {
    const { client, calls } = commandsAnswering(() => ({ clientId: C1 }));
    const clients = createMappingClients(client);
    expect(await Promise.all([clients.clientOf(M1, actor), clients.clientOf(M1, actor)])).toEqual([C1, C1]);
    expect(await clients.clientOf(M1, actor)).toBe(C1);
    expect(calls).toEqual([`mappingGet:${M1}`]);
  });

  it("when the mapping was remembered from its created event, then no command is sent", async () => {
    const { client, calls } = commandsAnswering(() => ({ clientId: "other" }));
    const clients = createMappingClients(client);
    clients.remember(M1, C1);
    expect(await clients.clientOf(M1, actor)).toBe(C1);
    expect(calls).toEqual([]);
  });

  it("when the mapping is gone, then the answer is null; another failure is thrown", async () => {
    const gone = createMappingClients(commandsAnswering(() => new AppError("mapping_not_found", "gone")).client);
    expect(await gone.clientOf(M1, actor)).toBeNull();
    const down = createMappingClients(commandsAnswering(() => new AppError("timeout", "slow")).client);
    await expect(down.clientOf(M1, actor)).rejects.toMatchObject({ code: "timeout" });
  });

  it("when more mappings are learned than it keeps, then the oldest is asked again", async () => {
    const { client, calls } = commandsAnswering(() => ({ clientId: C1 }));
    const clients = createMappingClients(client, 2);
    clients.remember("a", C1);
    clients.remember("b", C1);
    clients.remember("c", C1);
    await clients.clientOf("b", actor);
    await clients.clientOf("a", actor);
    expect(calls).toEqual(["mappingGet:a"]);
  });
});
