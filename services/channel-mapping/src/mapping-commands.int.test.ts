// Mapping commands end to end (NATS request/reply → service → PostgreSQL, simulator as Zoho):
// create with every way it can be refused, conflicts naming the holder, pause/resume/delete and
// their events, reads. A refused create leaves no row and no event behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@cliq/contracts";
import type { SimChannel } from "@cliq/zoho-simulator";
import { ADMIN, appErrorOf, startHarness, storedEvents, type Harness } from "./test-support/harness.ts";

const DAY_MS = 86_400_000;

describe("mapping commands", () => {
  let h: Harness;
  let acme: Awaited<ReturnType<Harness["seedClient"]>>;
  let globex: Awaited<ReturnType<Harness["seedClient"]>>;
  let readable: SimChannel[];
  let neverOpened: SimChannel;

  beforeAll(async () => {
    h = await startHarness({ channels: 8 });
    await h.startInstance();
    acme = await h.seedClient("Acme", [{ name: "Ops" }, { name: "Sales" }, { name: "Support" }, { name: "Customers", kind: "external" }, { name: "Spare" }]);
    globex = await h.seedClient("Globex", [{ name: "Alerts" }]);
    readable = h.sim.channels().filter((c) => c.chat_id !== null);
    neverOpened = h.sim.channels().find((c) => c.chat_id === null)!;
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (clientId: string, roomId: string, zohoChannelId: string, extra: Record<string, unknown> = {}) =>
    h.commands.request("mappingCreate", { actor: ADMIN, clientId, roomId, zohoChannelId, ...extra });
  const room = (c: typeof acme, name: string) => c.rooms.find((r) => r.name === name)!.id;

  it("when a backend user maps an internal room to a readable channel, then the mapping stores the chat id and name and mapping.created is published", async () => {
    const ch = readable[0]!;
    const m = await h.commands.request("mappingCreate", {
      actor: { userId: "backend@tcis.test", roles: ["backend"] },
      clientId: acme.id,
      roomId: room(acme, "Ops"),
      zohoChannelId: ch.channel_id,
    });
    expect(m).toMatchObject({ clientId: acme.id, zohoChannelId: ch.channel_id, zohoChatId: ch.chat_id, zohoChannelName: ch.name, syncStatus: "active", syncing: false, createdBy: "backend@tcis.test" });
    expect(Math.abs(new Date(m.syncFrom).getTime() - Date.now())).toBeLessThan(10_000);
    const events = (await storedEvents(h, "mapping")).filter((e) => e.envelope.type === "mapping.created");
    expect(events.map((e) => e.envelope.data)).toEqual([expect.objectContaining({ mappingId: m.id, zohoChatId: ch.chat_id, by: "backend@tcis.test" })]);
  });

  it("when a backfill of 7 days is asked, then the first sync starts 7 days back", async () => {
    const m = await create(acme.id, room(acme, "Sales"), readable[1]!.channel_id, { backfillDays: 7, syncIntervalMinutes: 60 });
    expect(Math.abs(new Date(m.syncFrom).getTime() - (Date.now() - 7 * DAY_MS))).toBeLessThan(10_000);
    expect(m.syncIntervalMinutes).toBe(60);
  });

  it("when the channel is already mapped, then the conflict names the client and room holding it", async () => {
    const err = await appErrorOf(create(globex.id, room(globex, "Alerts"), readable[0]!.channel_id));
    expect(err.code).toBe("channel_already_mapped");
    expect(err.details).toMatchObject({ clientId: acme.id, clientName: "Acme", roomId: room(acme, "Ops"), roomName: "Ops" });
    expect(err.message).toContain('room "Ops" of client "Acme"');
  });

  it("when the room is already mapped, then the conflict names the channel it is mapped to", async () => {
    const err = await appErrorOf(create(acme.id, room(acme, "Ops"), readable[2]!.channel_id));
    expect(err.code).toBe("room_already_mapped");
    expect(err.details).toMatchObject({ zohoChannelId: readable[0]!.channel_id });
  });

  describe("when the request is wrong or Zoho fails, then each case has its own code and nothing is created", () => {
    let mappingsBefore: number;
    let eventsBefore: number;
    beforeAll(async () => {
      mappingsBefore = await h.t.db.zohoChannelMapping.count();
      eventsBefore = (await storedEvents(h, "mapping")).length;
    });

    const spare = () => room(acme, "Spare");
    const free = () => readable[3]!.channel_id;
    const cases: [string, () => Promise<unknown>, string, RegExp][] = [
      ["an unknown client", () => create("00000000-0000-4000-8000-000000000001", spare(), free()), "client_not_found", /no client/],
      ["an unknown room", () => create(acme.id, "00000000-0000-4000-8000-000000000002", free()), "room_not_found", /no room/],
      ["a room of another client", () => create(globex.id, spare(), free()), "room_wrong_client", /does not belong to client "Globex"/],
      ["an external room", () => create(acme.id, room(acme, "Customers"), free()), "room_not_internal", /external room/],
      ["a channel Zoho does not know", () => create(acme.id, spare(), "T9999999999999"), "channel_not_found", /T9999999999999/],
      ["a channel never opened by the connected account", () => create(acme.id, spare(), neverOpened.channel_id), "channel_unreadable", /no chat id/],
      ["a malformed client id", () => h.commands.request("mappingCreate", { actor: ADMIN, clientId: "not-a-uuid", roomId: spare(), zohoChannelId: free() }), "validation_failed", /clientId/],
      ["a malformed channel id", () => create(acme.id, spare(), "T1/../x"), "validation_failed", /zohoChannelId/],
      ["an unknown field", () => create(acme.id, spare(), free(), { extra: true }), "validation_failed", /extra/],
      ["a manager", () => h.commands.request("mappingCreate", { actor: { userId: "m", roles: ["manager"] }, clientId: acme.id, roomId: spare(), zohoChannelId: free() }), "forbidden", /super_admin or backend/],
    ];
    for (const [what, call, code, message] of cases) {
      it(`${what} → ${code}`, async () => {
        const err = await appErrorOf(call());
        expect(err.code).toBe(code);
        expect(err.message).toMatch(message);
      });
    }

    it("Zoho unreachable → zoho_unavailable; an error body → zoho_bad_response", async () => {
      h.sim.faults.inject({ endpoint: "channel", kind: "status5xx", status: 502, times: 1 });
      expect((await appErrorOf(create(acme.id, spare(), free()))).code).toBe("zoho_unavailable");
      h.sim.faults.inject({ endpoint: "channel", kind: "errorBody200", times: 1 });
      expect((await appErrorOf(create(acme.id, spare(), free()))).code).toBe("zoho_bad_response");
    });

    it("the Zoho connection needs re-consent → reauth_required", async () => {
      h.auth.fail(new AppError("reauth_required", "reconnect Zoho Cliq"));
      try {
        expect((await appErrorOf(create(acme.id, spare(), free()))).code).toBe("reauth_required");
      } finally {
        h.auth.fail(null);
      }
    });

    it("after all of them, no mapping row and no mapping event was added", async () => {
      expect(await h.t.db.zohoChannelMapping.count()).toBe(mappingsBefore);
      expect((await storedEvents(h, "mapping")).length).toBe(eventsBefore);
    });
  });

  it("when a mapping is paused, resumed and deleted, then each step is published once and reads follow", async () => {
    const m = await create(acme.id, room(acme, "Support"), readable[4]!.channel_id);
    const paused = await h.commands.request("mappingPause", { actor: ADMIN, mappingId: m.id });
    expect(paused.syncStatus).toBe("paused");
    expect((await h.commands.request("mappingPause", { actor: ADMIN, mappingId: m.id })).syncStatus).toBe("paused");
    expect((await h.commands.request("mappingList", { actor: ADMIN, status: "paused" })).mappings.map((x) => x.id)).toEqual([m.id]);
    expect((await h.commands.request("mappingResume", { actor: ADMIN, mappingId: m.id })).syncStatus).toBe("active");
    expect((await h.commands.request("mappingGet", { actor: ADMIN, mappingId: m.id })).zohoChannelId).toBe(readable[4]!.channel_id);
    expect((await h.commands.request("mappingList", { actor: ADMIN, zohoChannelId: readable[4]!.channel_id })).mappings).toHaveLength(1);

    expect(await h.commands.request("mappingDelete", { actor: ADMIN, mappingId: m.id })).toEqual({ deleted: true });
    expect((await appErrorOf(h.commands.request("mappingGet", { actor: ADMIN, mappingId: m.id }))).code).toBe("mapping_not_found");
    expect((await appErrorOf(h.commands.request("mappingDelete", { actor: ADMIN, mappingId: m.id }))).code).toBe("mapping_not_found");

    const types = (await storedEvents(h, "mapping")).filter((e) => e.envelope.data.mappingId === m.id).map((e) => e.envelope.type);
    expect(types).toEqual(["mapping.created", "mapping.paused", "mapping.resumed", "mapping.deleted"]);
  });

  it("when a client's rooms are listed, then each room shows its kind and mapping with live status", async () => {
    const res = await h.commands.request("mappingRooms", { actor: ADMIN, clientId: acme.id });
    expect(res.client).toEqual({ id: acme.id, name: "Acme" });
    const byName = new Map(res.rooms.map((r) => [r.name, r]));
    expect(byName.get("Ops")?.mapping).toMatchObject({ zohoChannelId: readable[0]!.channel_id, syncStatus: "active", syncing: false });
    expect(byName.get("Customers")).toMatchObject({ kind: "external", mapping: null });
    expect(byName.get("Spare")?.mapping).toBeNull();
    expect((await appErrorOf(h.commands.request("mappingRooms", { actor: ADMIN, clientId: "00000000-0000-4000-8000-000000000009" }))).code).toBe("client_not_found");
  });

  it("when mappings are listed by client, then only that client's come back", async () => {
    const res = await h.commands.request("mappingList", { actor: ADMIN, clientId: acme.id });
    expect(res.mappings.map((m) => m.roomId).sort()).toEqual([room(acme, "Ops"), room(acme, "Sales")].sort());
    expect((await h.commands.request("mappingList", { actor: ADMIN, clientId: globex.id })).mappings).toEqual([]);
  });

  it("when clients are listed, then they come by name with their internal-room and mapping counts, searchable and a page at a time", async () => {
    const all = await h.commands.request("mappingClients", { actor: ADMIN });
    // Acme: Ops, Sales, Support, Spare are internal (Customers is external); Ops and Sales are mapped.
    expect(all).toEqual({
      clients: [
        { id: acme.id, name: "Acme", internalRooms: 4, mappedRooms: 2 },
        { id: globex.id, name: "Globex", internalRooms: 1, mappedRooms: 0 },
      ],
      next: null,
    });
    const first = await h.commands.request("mappingClients", { actor: ADMIN, limit: 1 });
    expect([first.clients.map((c) => c.name), first.next]).toEqual([["Acme"], acme.id]);
    const second = await h.commands.request("mappingClients", { actor: ADMIN, limit: 1, after: first.next! });
    expect(second.clients.map((c) => c.name)).toEqual(["Globex"]);
    expect((await h.commands.request("mappingClients", { actor: ADMIN, limit: 1, after: second.next! })).clients).toEqual([]);
    expect((await h.commands.request("mappingClients", { actor: ADMIN, search: "GLOB" })).clients.map((c) => c.name)).toEqual(["Globex"]);
    const unknown = await appErrorOf(h.commands.request("mappingClients", { actor: ADMIN, after: "00000000-0000-4000-8000-000000000009" }));
    expect([unknown.code, unknown.message]).toEqual(["client_not_found", "no client with id 00000000-0000-4000-8000-000000000009 to continue the list after"]);
    expect((await appErrorOf(h.commands.request("mappingClients", { actor: { userId: "u", roles: ["viewer"] } }))).code).toBe("forbidden");
  });

  it("when a job or a mapping's history is asked for an unknown id, then the error says which", async () => {
    expect((await appErrorOf(h.commands.request("jobGet", { actor: ADMIN, jobId: "00000000-0000-4000-8000-00000000000a" }))).code).toBe("job_not_found");
    expect((await appErrorOf(h.commands.request("mappingJobs", { actor: ADMIN, mappingId: "00000000-0000-4000-8000-00000000000b" }))).code).toBe("mapping_not_found");
  });

  // Last: after a throttle this replica keeps away from the channel endpoint for Zoho's lock period.
  it("when Zoho throttles the channel lookup, then the create is refused with zoho_throttled and nothing is stored", async () => {
    const before = await h.t.db.zohoChannelMapping.count();
    h.sim.faults.inject({ endpoint: "channel", kind: "throttle", times: 1 });
    const err = await appErrorOf(create(acme.id, room(acme, "Spare"), readable[5]!.channel_id));
    expect(err.code).toBe("zoho_throttled");
    expect(await h.t.db.zohoChannelMapping.count()).toBe(before);
  });
});
