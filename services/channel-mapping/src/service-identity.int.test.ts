// Who the real service (over NATS) lets in: the scheduler's service identity reads the channel
// list and nothing else; a user dressed as a service ("system", "service" roles, or a half-user,
// half-service actor) gets nothing a user with those roles would not get — nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandActor, CommandRequest } from "@cliq/contracts";
import { ADMIN, appErrorOf, startHarness, storedEvents, type Harness } from "./test-support/harness.ts";

const SCHEDULER: CommandActor = { kind: "service", service: "scheduler" };

describe("service identity", () => {
  let h: Harness;
  let target: { clientId: string; roomId: string; zohoChannelId: string };
  let mappingId: string;

  beforeAll(async () => {
    h = await startHarness({ channels: 4 });
    await h.startInstance();
    const client = await h.seedClient("Acme", [{ name: "Mapped" }, { name: "Free" }]);
    const [mapped, free] = h.sim.channels().filter((c) => c.chat_id !== null);
    mappingId = (await h.commands.request("mappingCreate", { actor: ADMIN, clientId: client.id, roomId: client.rooms[0]!.id, zohoChannelId: mapped!.channel_id })).id;
    target = { clientId: client.id, roomId: client.rooms[1]!.id, zohoChannelId: free!.channel_id };
  });
  afterAll(async () => {
    await h?.close();
  });

  const createdEvents = async () => (await storedEvents(h, "mapping")).filter((e) => e.envelope.type === "mapping.created").length;

  it("when the scheduler asks for its channels' activity, then it gets the newest message time of exactly those channels, and not the channel list", async () => {
    const ids = h.sim.channels().map((c) => c.channel_id);
    const res = await h.commands.request("channelsActivity", { actor: SCHEDULER, channelIds: [ids[0]!, ids[1]!, "T0000000000000"] });
    expect(res.activity.map((a) => a.channelId).sort()).toEqual([ids[0]!, ids[1]!].sort());
    expect(res.activity.some((a) => a.lastMessageTime !== null)).toBe(true);
    expect((await appErrorOf(h.commands.request("channelsList", { actor: SCHEDULER, refresh: true }))).code).toBe("forbidden");
  });

  it("when activity is asked for page after page within one sweep, then Zoho's channel list is read once", async () => {
    const ids = h.sim.channels().map((c) => c.channel_id);
    await h.commands.request("channelsActivity", { actor: SCHEDULER, channelIds: [ids[0]!], maxAgeMs: 0 });
    const before = h.sim.counters().requests.channels;
    for (const [i, id] of ids.entries()) await h.commands.request("channelsActivity", { actor: SCHEDULER, channelIds: [id], maxAgeMs: 60_000 + i });
    expect(h.sim.counters().requests.channels).toBe(before);
  });

  it("when the scheduler tries to create, delete, pause or even read a mapping, then each is forbidden, naming what it may call; nothing changes", async () => {
    const before = await createdEvents();
    const create = await appErrorOf(h.commands.request("mappingCreate", { actor: SCHEDULER, ...target }));
    expect(create.code).toBe("forbidden");
    expect(create.message).toContain("the scheduler service may only call channelsActivity");
    for (const attempt of [
      h.commands.request("mappingDelete", { actor: SCHEDULER, mappingId }),
      h.commands.request("mappingPause", { actor: SCHEDULER, mappingId }),
      h.commands.request("mappingGet", { actor: SCHEDULER, mappingId }),
      h.commands.request("mappingList", { actor: SCHEDULER }),
      h.commands.request("mappingClients", { actor: SCHEDULER }),
    ]) {
      expect((await appErrorOf(attempt)).message).toMatch(/^the scheduler service may only call channelsActivity on channel-mapping; \w+ needs a user with the role super_admin or backend$/);
    }
    expect(await createdEvents()).toBe(before);
    expect(await h.commands.request("mappingGet", { actor: ADMIN, mappingId })).toMatchObject({ syncStatus: "active" });
  });

  it("when a user claims to be a service through a role (system, service), then the channel list and every mapping command are forbidden", async () => {
    for (const actor of [
      { userId: "scheduler", roles: ["system"] },
      { userId: "service-token", roles: ["service"] },
    ]) {
      const list = await appErrorOf(h.commands.request("channelsActivity", { actor, channelIds: ["T4000000040005"] }));
      expect(list.code).toBe("forbidden");
      expect(list.message).toContain('a service sends its service identity { kind: "service", service } instead');
      expect((await appErrorOf(h.commands.request("mappingCreate", { actor, ...target }))).code).toBe("forbidden");
    }
  });

  it("when an actor is half user, half service, or names a service or kind that does not exist, then the request is invalid", async () => {
    const malformed = [
      { kind: "service", service: "scheduler", userId: ADMIN.userId, roles: ["super_admin"] },
      { kind: "service", service: "gateway" },
      { kind: "system", userId: "scheduler", roles: ["super_admin"] },
    ];
    for (const actor of malformed) {
      const err = await appErrorOf(h.commands.request("mappingCreate", { actor, ...target } as unknown as CommandRequest<"mappingCreate">));
      expect(err.code, JSON.stringify(actor)).toBe("validation_failed");
      expect(err.message).toContain("actor");
    }
    expect(await h.commands.request("mappingList", { actor: ADMIN, roomId: target.roomId })).toEqual({ mappings: [] });
  });
});
