// The whole life of a connection against the Zoho simulator, as an admin lives it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZohoClient, ZohoTokenInvalidError } from "@cliq/zoho-client";
import { admin, backendUser, connectViaPaste, connectViaRedirect, rejection, startHarness, waitFor, type Harness } from "./testing/harness.ts";

const MIN = 60_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.startInstance();
});
afterAll(async () => {
  await h?.close();
});

describe("connection lifecycle", () => {
  it("when nothing is connected, then status says so and token.get refuses with zoho_not_connected", async () => {
    const status = await h.commands.request("authStatus", { actor: backendUser });
    expect(status).toMatchObject({ connected: false, state: "disconnected" });
    expect(status.action).toMatch(/Connect/);
    expect((await rejection(h.commands.request("authTokenGet", {}))).code).toBe("zoho_not_connected");
  });

  it("when an admin connects through the redirect in the EU data centre, then status reports eu, scopes, expiry and who", async () => {
    const summary = await connectViaRedirect(h, "eu");
    expect(summary.location).toBe("eu");
    const status = await h.commands.request("authStatus", { actor: backendUser });
    expect(status).toMatchObject({
      connected: true,
      state: "connected",
      location: "eu",
      accountsServer: h.sim.dataCentres.eu!.accountsServer,
      cliqServer: h.sim.dataCentres.eu!.cliqServer,
      authenticatedBy: admin.userId,
      tokenVersion: 1,
      action: null,
    });
    expect(status.scopes).toEqual(expect.arrayContaining(["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"]));
    expect(Date.parse(status.expiresAt!) - h.sim.clock.now()).toBeGreaterThan(59 * MIN);
    const connected = await waitFor(() => h.events.find((e) => e.name === "tokenRefreshed"), "token.refreshed on connect");
    expect(connected.data).toMatchObject({ version: 1, location: "eu" });
  });

  it("when the connection is tested, then one real Cliq call succeeds and the latency is reported", async () => {
    const before = h.sim.counters().requests.channels;
    const r = await h.commands.request("authTestConnection", { actor: admin });
    expect(r).toMatchObject({ ok: true, error: null, channelCount: 1 });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(h.sim.counters().requests.channels).toBe(before + 1);
  });

  it("when the simulator's clock moves inside the refresh margin, then the timer refreshes once and announces the new version", async () => {
    const grantsBefore = h.sim.counters().tokenGrants.refresh_token;
    h.sim.clock.advance(51 * MIN);
    const ev = await waitFor(() => h.events.find((e) => e.name === "tokenRefreshed" && e.data.version === 2), "token.refreshed v2");
    expect(ev.data.location).toBe("eu");
    expect(ev.raw).not.toMatch(/1000\./);
    const status = await h.commands.request("authStatus", { actor: admin });
    expect(status.tokenVersion).toBe(2);
    expect(Math.abs(Date.parse(status.lastRefreshAt!) - h.sim.clock.now())).toBeLessThan(5_000);
    expect(Date.parse(status.expiresAt!) - h.sim.clock.now()).toBeGreaterThan(55 * MIN);
    await new Promise((r) => setTimeout(r, 400)); // several more timer ticks
    expect(h.sim.counters().tokenGrants.refresh_token).toBe(grantsBefore + 1);
    const t = await h.commands.request("authTokenGet", {});
    expect(t).toMatchObject({ version: 2, location: "eu", cliqServer: h.sim.dataCentres.eu!.cliqServer });
  });

  it("when Zoho revokes the grant and the token falls due, then token.get says reauth_required, auth.failed is published and status tells the admin to reconnect", async () => {
    h.sim.revokeAllTokens();
    h.sim.clock.advance(55 * MIN);
    const err = await rejection(h.commands.request("authTokenGet", {}));
    expect(err.code).toBe("reauth_required");
    const failed = await waitFor(() => h.events.find((e) => e.name === "authFailed"), "auth.failed");
    expect(failed.data).toMatchObject({ code: "reauth_required", state: "reauth_required" });
    const status = await h.commands.request("authStatus", { actor: backendUser });
    expect(status).toMatchObject({ connected: false, state: "reauth_required" });
    expect(status.action).toMatch(/reconnect/);
    // It stops trying: neither the timer nor further requests go back to Zoho.
    const tokenCalls = h.sim.counters().requests.token;
    expect((await rejection(h.commands.request("authTokenGet", {}))).code).toBe("reauth_required");
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sim.counters().requests.token).toBe(tokenCalls);
    const test = await h.commands.request("authTestConnection", { actor: admin });
    expect(test).toMatchObject({ ok: false, channelCount: null, error: { code: "reauth_required" } });
  });

  it("when the admin reconnects by pasting the code in another data centre, then tokens work again from that data centre", async () => {
    const summary = await connectViaPaste(h, "in");
    expect(summary.location).toBe("in");
    const t = await h.commands.request("authTokenGet", {});
    expect(t.location).toBe("in");
    expect(t.cliqServer).toBe(h.sim.dataCentres.in!.cliqServer);
    expect(t.version).toBe(3);
    const status = await h.commands.request("authStatus", { actor: admin });
    expect(status).toMatchObject({ connected: true, state: "connected", location: "in", lastRefreshError: null, action: null });
    expect((await h.commands.request("authTestConnection", { actor: admin })).ok).toBe(true);
  });

  it("when the admin disconnects, then the token is revoked at Zoho, the row is gone and token.revoked is published", async () => {
    const t = await h.commands.request("authTokenGet", {});
    const r = await h.commands.request("authDisconnect", { actor: admin });
    expect(r).toEqual({ revoked: true });
    const zoho = createZohoClient({ timeoutMs: 2_000 });
    try {
      await expect(zoho.listChannels({ cliqServer: t.cliqServer, accessToken: t.accessToken, limit: 1 })).rejects.toBeInstanceOf(ZohoTokenInvalidError);
    } finally {
      await zoho.close();
    }
    const rows = await h.testDb.pool.query("SELECT count(*)::int AS n FROM zoho_auth");
    expect(rows.rows[0].n).toBe(0);
    const revoked = await waitFor(() => h.events.find((e) => e.name === "tokenRevoked"), "token.revoked");
    expect(revoked.data).toMatchObject({ by: admin.userId });
    expect((await h.commands.request("authStatus", { actor: admin })).state).toBe("disconnected");
    expect((await rejection(h.commands.request("authDisconnect", { actor: admin }))).code).toBe("zoho_not_connected");
  });
});
