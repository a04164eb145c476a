// Connecting with bad input or a misbehaving Zoho: each case gets its own error code, nothing is
// stored half-way, and the service keeps serving.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZohoClient, ZohoTokenInvalidError } from "@cliq/zoho-client";
import { admin, backendUser, followConsent, otherAdmin, rejection, startHarness, type Harness, type Instance } from "./testing/harness.ts";

let h: Harness;
let instance: Instance;

beforeAll(async () => {
  h = await startHarness();
  instance = await h.startInstance();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sim.faults.clear();
});

async function consented(location = "us", actor = admin) {
  const { url, state } = await h.commands.request("authAuthorizeUrl", { actor, location });
  const q = await followConsent(url);
  return { state, code: q.get("code")!, location: q.get("location")!, accountsServer: q.get("accounts-server")! };
}

async function storedConnections(): Promise<number> {
  return (await h.testDb.pool.query("SELECT count(*)::int AS n FROM zoho_auth")).rows[0].n;
}

describe("the consent URL", () => {
  it("when an admin asks for it, then it points at the chosen data centre with offline access, consent prompt, comma-separated scopes and a state", async () => {
    const { url, state, expiresAt } = await h.commands.request("authAuthorizeUrl", { actor: admin, location: "eu" });
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`${h.sim.dataCentres.eu!.accountsServer}/oauth/v2/auth`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      client_id: h.sim.clientId,
      response_type: "code",
      redirect_uri: "http://127.0.0.1:8080/auth/zoho/callback",
      scope: "ZohoCliq.Channels.READ,ZohoCliq.Messages.READ",
      access_type: "offline",
      prompt: "consent",
      state,
    });
    const ttl = Date.parse(expiresAt) - h.sim.clock.now();
    expect(ttl).toBeGreaterThan(9.9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    const stored = await h.testDb.pool.query("SELECT state_hash, user_id FROM zoho_oauth_states");
    expect(JSON.stringify(stored.rows)).not.toContain(state);
    expect(stored.rows.some((r) => r.user_id === admin.userId)).toBe(true);
  });

  it("when a backend user asks for it, then it is forbidden", async () => {
    expect((await rejection(h.commands.request("authAuthorizeUrl", { actor: backendUser }))).code).toBe("forbidden");
  });

  it("when the data centre is unknown, then the error names the known ones", async () => {
    const err = await rejection(h.commands.request("authAuthorizeUrl", { actor: admin, location: "xx" }));
    expect(err.code).toBe("bad_request");
    expect(err.message).toContain("us, eu, in");
  });
});

describe("the state", () => {
  it("when the state is unknown, then oauth_state_invalid", async () => {
    const c = await consented();
    expect((await rejection(h.commands.request("authComplete", { actor: admin, code: c.code, state: "not-a-state" }))).code).toBe("oauth_state_invalid");
    expect(await storedConnections()).toBe(0);
  });

  it("when another user pastes the state, then oauth_state_invalid, and the owner can still use it", async () => {
    const c = await consented();
    expect((await rejection(h.commands.request("authComplete", { actor: otherAdmin, code: c.code, state: c.state }))).code).toBe("oauth_state_invalid");
    await h.commands.request("authComplete", { actor: admin, code: c.code, state: c.state });
    expect(await storedConnections()).toBe(1);
    await h.commands.request("authDisconnect", { actor: admin });
  });

  it("when the state is used a second time, then oauth_state_used", async () => {
    const c = await consented();
    await h.commands.request("authComplete", { code: c.code, state: c.state, location: c.location, accountsServer: c.accountsServer });
    const again = await rejection(h.commands.request("authComplete", { code: c.code, state: c.state, location: c.location, accountsServer: c.accountsServer }));
    expect(again.code).toBe("oauth_state_used");
    await h.commands.request("authDisconnect", { actor: admin });
  });

  it("when the state is older than 10 minutes, then oauth_state_expired", async () => {
    const c = await consented();
    h.sim.clock.advance(10 * 60_000 + 1);
    expect((await rejection(h.commands.request("authComplete", { actor: admin, code: c.code, state: c.state }))).code).toBe("oauth_state_expired");
    expect(await storedConnections()).toBe(0);
  });
});

describe("the code exchange", () => {
  it("when the code is wrong, then Zoho's HTTP-200 error body becomes oauth_code_invalid and nothing is stored", async () => {
    const c = await consented();
    const err = await rejection(h.commands.request("authComplete", { actor: admin, code: "1000.wrong.code", state: c.state }));
    expect(err.code).toBe("oauth_code_invalid");
    expect(err.message).toContain("invalid_code");
    expect(await storedConnections()).toBe(0);
  });

  it("when the code has expired (Zoho keeps them 2 minutes), then oauth_code_invalid", async () => {
    const c = await consented();
    h.sim.clock.advance(3 * 60_000);
    expect((await rejection(h.commands.request("authComplete", { actor: admin, code: c.code, state: c.state }))).code).toBe("oauth_code_invalid");
  });

  it("when the redirect names an accounts server outside the data-centre table, then nothing is sent anywhere and the state stays usable", async () => {
    const c = await consented();
    const tokenCalls = h.sim.counters().requests.token;
    const err = await rejection(h.commands.request("authComplete", { code: c.code, state: c.state, accountsServer: "https://accounts.evil.example" }));
    expect(err.code).toBe("bad_request");
    expect(err.message).toContain("https://accounts.evil.example");
    const mismatch = await rejection(h.commands.request("authComplete", { code: c.code, state: c.state, location: "eu", accountsServer: c.accountsServer }));
    expect(mismatch.code).toBe("bad_request");
    expect(h.sim.counters().requests.token).toBe(tokenCalls);
    await h.commands.request("authComplete", { code: c.code, state: c.state, location: c.location, accountsServer: c.accountsServer });
    expect(await storedConnections()).toBe(1);
    await h.commands.request("authDisconnect", { actor: admin });
  });

  it("when accounts-server is not a URL, then validation names the field", async () => {
    const err = await rejection(h.commands.request("authComplete", { code: "x", state: "y", accountsServer: "not a url" }));
    expect(err.code).toBe("validation_failed");
    expect(err.message).toContain("accountsServer");
  });

  it.each([
    ["down (503)", { kind: "status5xx" as const }, "zoho_unavailable"],
    ["slow (no answer within the client deadline)", { kind: "timeout" as const }, "zoho_unavailable"],
    ["throttling token requests", { kind: "throttle" as const }, "token_refresh_throttled"],
    ["answering an unexpected error body with HTTP 200", { kind: "errorBody200" as const }, "zoho_bad_response"],
  ])("when Zoho accounts is %s, then the exchange fails with its own code and nothing is stored", async (_label, fault, code) => {
    const c = await consented();
    h.sim.faults.inject({ endpoint: "token", times: 1, ...fault });
    const err = await rejection(h.commands.request("authComplete", { actor: admin, code: c.code, state: c.state }));
    expect(err.code).toBe(code);
    expect(await storedConnections()).toBe(0);
  });

  it("when the client secret is wrong, then oauth_client_invalid tells the admin to check the app credentials", async () => {
    await instance.close();
    const wrong = await h.startInstance({ env: { ZOHO_CLIENT_SECRET: "not-the-secret" } });
    try {
      const c = await consented();
      const err = await rejection(h.commands.request("authComplete", { actor: admin, code: c.code, state: c.state }));
      expect(err.code).toBe("oauth_client_invalid");
      expect(err.message).toContain("ZOHO_CLIENT_SECRET");
      expect(err.message).not.toContain("not-the-secret");
    } finally {
      await wrong.close();
      instance = await h.startInstance();
    }
  });

  it("when all of the above has happened, then the service still connects normally", async () => {
    const c = await consented("eu");
    const r = await h.commands.request("authComplete", { code: c.code, state: c.state, location: c.location, accountsServer: c.accountsServer });
    expect(r.location).toBe("eu");
    expect((await h.commands.request("authTokenGet", {})).location).toBe("eu");
  });

  it("when an admin connects again while connected, then the replaced grant is revoked at Zoho", async () => {
    const old = await h.commands.request("authTokenGet", {});
    const revokes = h.sim.counters().requests.revoke;
    const c = await consented("us");
    await h.commands.request("authComplete", { actor: admin, code: c.code, state: c.state });
    expect(h.sim.counters().requests.revoke).toBe(revokes + 1);
    const zoho = createZohoClient({ timeoutMs: 2_000 });
    try {
      await expect(zoho.listChannels({ cliqServer: old.cliqServer, accessToken: old.accessToken, limit: 1 })).rejects.toBeInstanceOf(ZohoTokenInvalidError);
    } finally {
      await zoho.close();
    }
    const now = await h.commands.request("authTokenGet", {});
    expect(now).toMatchObject({ location: "us", version: old.version + 1 });
  });
});
