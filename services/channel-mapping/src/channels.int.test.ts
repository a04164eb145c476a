// The channel list against the Zoho simulator: every page, marks, filters, the cache, and each
// Zoho or auth fault surfacing as its own error code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@cliq/contracts";
import { ADMIN, appErrorOf, startHarness, type Harness } from "./test-support/harness.ts";

describe("channel list", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ channels: 12, pageSize: 5 });
    await h.startInstance();
  });
  afterAll(async () => {
    await h?.close();
  });

  const list = (extra: Record<string, unknown> = {}) => h.commands.request("channelsList", { actor: ADMIN, refresh: true, ...extra });

  it("when the organisation spans several Zoho pages, then every channel is listed and the mapped one names its client and room", async () => {
    const all = h.sim.channels();
    const target = all.find((c) => c.chat_id !== null)!;
    const client = await h.seedClient("Acme", [{ name: "Ops" }]);
    await h.commands.request("mappingCreate", { actor: ADMIN, clientId: client.id, roomId: client.rooms[0]!.id, zohoChannelId: target.channel_id });
    h.sim.resetCounters();

    const res = await list();

    expect(h.sim.counters().requests.channels).toBe(Math.ceil(all.length / 5));
    expect(res.channels.map((c) => c.channelId).sort()).toEqual(all.map((c) => c.channel_id).sort());
    const mapped = res.channels.filter((c) => c.mapping !== null);
    expect(mapped).toEqual([
      expect.objectContaining({ channelId: target.channel_id, mapping: expect.objectContaining({ clientId: client.id, clientName: "Acme", roomId: client.rooms[0]!.id, roomName: "Ops" }) }),
    ]);
    const unreadable = res.channels.find((c) => c.chatId === null);
    expect(unreadable, "the simulator's never-opened channel is listed with chatId null").toBeDefined();
  });

  it("when searching and filtering, then only matching channels come back", async () => {
    const all = h.sim.channels();
    const team = await list({ level: "team" });
    expect(team.channels.length).toBeGreaterThan(1);
    expect(team.channels.map((c) => c.channelId).sort()).toEqual(all.filter((c) => c.level === "team").map((c) => c.channel_id).sort());

    const archived = await list({ status: "archived" });
    expect(archived.channels).toHaveLength(1);
    expect(archived.channels.map((c) => c.channelId)).toEqual(all.filter((c) => c.status === "archived").map((c) => c.channel_id));

    const named = await list({ search: "ENGINEER" });
    expect(named.channels.map((c) => c.name)).toEqual(["#Engineering", "#Engineering-9"]);

    const notJoined = await list({ joined: false });
    expect(notJoined.channels).toHaveLength(1);
    expect(notJoined.channels.map((c) => c.channelId).sort()).toEqual(all.filter((c) => !c.joined).map((c) => c.channel_id).sort());
  });

  it("when asked again within the TTL, then the cached list is served without calling Zoho; a mapping change drops it", async () => {
    await list();
    h.sim.resetCounters();
    const cached = await h.commands.request("channelsList", { actor: ADMIN, search: "ops" });
    expect(cached.cached).toBe(true);
    expect(h.sim.counters().requests.channels).toBe(0);

    const client = await h.seedClient("Globex", [{ name: "Alerts" }]);
    const free = (await list()).channels.find((c) => c.mapping === null && c.chatId !== null)!;
    await h.commands.request("mappingCreate", { actor: ADMIN, clientId: client.id, roomId: client.rooms[0]!.id, zohoChannelId: free.channelId });
    h.sim.resetCounters();
    const after = await h.commands.request("channelsList", { actor: ADMIN });
    expect(after.cached).toBe(false);
    expect(h.sim.counters().requests.channels).toBeGreaterThan(0);
    expect(after.channels.find((c) => c.channelId === free.channelId)?.mapping?.clientName).toBe("Globex");
  });

  it("when the caller is not a super admin or backend user, then the list is forbidden", async () => {
    const err = await appErrorOf(h.commands.request("channelsList", { actor: { userId: "u", roles: ["manager"] } }));
    expect(err.code).toBe("forbidden");
  });

  it("when Zoho answers 5xx, garbage or an error body with 200, then each fault has its own code", async () => {
    h.sim.faults.inject({ endpoint: "channels", kind: "status5xx", status: 503, times: 1 });
    expect((await appErrorOf(list())).code).toBe("zoho_unavailable");
    h.sim.faults.inject({ endpoint: "channels", kind: "malformedJson", times: 1 });
    expect((await appErrorOf(list())).code).toBe("zoho_bad_response");
    h.sim.faults.inject({ endpoint: "channels", kind: "errorBody200", times: 1 });
    expect((await appErrorOf(list())).code).toBe("zoho_bad_response");
    h.sim.faults.inject({ endpoint: "channels", kind: "htmlError", times: 1 });
    const html = await appErrorOf(list());
    expect(["zoho_bad_response", "zoho_unavailable"]).toContain(html.code);
    expect((await list()).channels.length).toBe(h.sim.channels().length);
  });

  it("when Zoho refuses the access token once, then a renewed token is fetched and the list succeeds", async () => {
    h.sim.faults.inject({ endpoint: "channels", kind: "unauthorized", times: 1 });
    const before = h.auth.invalidations().length;
    const res = await list();
    expect(res.channels.length).toBe(h.sim.channels().length);
    expect(h.auth.invalidations().length).toBe(before + 1);
  });

  it("when the Zoho connection needs re-consent or was never made, then that is the error", async () => {
    h.auth.fail(new AppError("reauth_required", "the refresh token was revoked; reconnect Zoho Cliq"));
    expect((await appErrorOf(list())).code).toBe("reauth_required");
    h.auth.fail(new AppError("zoho_not_connected", "connect Zoho Cliq first"));
    expect((await appErrorOf(list())).code).toBe("zoho_not_connected");
    h.auth.fail(null);
  });

  // Last: Zoho's lock period (10 min without Retry-After) keeps this replica away from the endpoint.
  it("when Zoho throttles the channel endpoint, then zoho_throttled carries the wait and later calls fail fast without calling Zoho", async () => {
    h.sim.faults.inject({ endpoint: "channels", kind: "throttle", times: 1 });
    const err = await appErrorOf(list());
    expect(err.code).toBe("zoho_throttled");
    expect((err.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    h.sim.resetCounters();
    expect((await appErrorOf(list())).code).toBe("zoho_throttled");
    expect(h.sim.counters().requests.channels).toBe(0);
  });
});
