import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "./simulator.ts";
import { cliq, consent, exchange, grantCode, REDIRECT, refresh, tokenRequest } from "./testing/sim-http.ts";
import type { Simulator } from "./types.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.revokeAllTokens();
  sim.resetCounters();
  sim.faults.clear();
});

describe("consent", () => {
  it("when the user consents, then the redirect carries code, location, the url-encoded accounts-server and state", async () => {
    const res = await consent(sim, { location: "eu", state: "xyz 1" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location") as string;
    expect(location.startsWith(`${REDIRECT}?code=1000.`)).toBe(true);
    expect(location).toContain(`accounts-server=${encodeURIComponent(sim.dataCentres.eu!.accountsServer)}`);
    const url = new URL(location);
    expect(url.searchParams.get("code")).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(url.searchParams.get("location")).toBe("eu");
    expect(url.searchParams.get("accounts-server")).toBe(sim.dataCentres.eu!.accountsServer);
    expect(url.searchParams.get("state")).toBe("xyz 1");
    expect(sim.counters().requests.authorize).toBe(1);
  });

  it("when client_id or redirect_uri is invalid, then a 400 page comes back instead of a redirect", async () => {
    expect((await consent(sim, { clientId: "1000.OTHER" })).status).toBe(400);
    expect((await consent(sim, { redirectUri: "ftp://x/cb" })).status).toBe(400);
  });

  it("when redirect URIs are registered, then only an exact match is accepted", async () => {
    const strict = await startSimulator({ redirectUris: [REDIRECT] });
    try {
      expect((await consent(strict)).status).toBe(302);
      expect((await consent(strict, { redirectUri: `${REDIRECT}/other` })).status).toBe(400);
    } finally {
      await strict.close();
    }
  });
});

describe("code exchange", () => {
  it("when a code is exchanged, then Zoho's success body comes back, and a second use gives invalid_code with HTTP 200", async () => {
    const code = await grantCode(sim);
    const first = await exchange(sim, code);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      access_token: expect.stringMatching(/^1000\./),
      refresh_token: expect.stringMatching(/^1000\./),
      api_domain: "https://www.zohoapis.com",
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(await exchange(sim, code)).toEqual({ status: 200, body: { error: "invalid_code" } });
    expect(sim.counters().tokenGrants.authorization_code).toBe(1);
  });

  it("when a code is older than 120 s on the simulator clock, then it is invalid_code", async () => {
    const fresh = await grantCode(sim);
    const stale = await grantCode(sim);
    sim.clock.advance(119_000);
    expect((await exchange(sim, fresh)).body.access_token).toEqual(expect.any(String));
    sim.clock.advance(1_000);
    expect((await exchange(sim, stale)).body).toEqual({ error: "invalid_code" });
  });

  it("when a code from eu is used at us, or with another redirect_uri, then it is invalid_code", async () => {
    const code = await grantCode(sim, { location: "eu" });
    expect((await exchange(sim, code, "us")).body).toEqual({ error: "invalid_code" });
    const other = await tokenRequest(sim, { grant_type: "authorization_code", client_id: sim.clientId, client_secret: sim.clientSecret, redirect_uri: `${REDIRECT}x`, code }, "eu");
    expect(other.body).toEqual({ error: "invalid_code" });
    const ok = await exchange(sim, code, "eu");
    expect(ok.body.api_domain).toBe("https://www.zohoapis.eu");
  });

  it("when the client id or secret is wrong, then invalid_client / invalid_client_secret come back with HTTP 200", async () => {
    const code = await grantCode(sim);
    const base = { grant_type: "authorization_code", redirect_uri: REDIRECT, code };
    expect(await tokenRequest(sim, { ...base, client_id: "1000.NOPE", client_secret: sim.clientSecret })).toEqual({ status: 200, body: { error: "invalid_client" } });
    expect(await tokenRequest(sim, { ...base, client_id: sim.clientId, client_secret: "wrong" })).toEqual({ status: 200, body: { error: "invalid_client_secret" } });
  });

  it("when parameters come in the query string instead of the body, then the grant still works", async () => {
    const code = await grantCode(sim);
    const q = new URLSearchParams({ grant_type: "authorization_code", client_id: sim.clientId, client_secret: sim.clientSecret, redirect_uri: REDIRECT, code });
    const res = await fetch(`${sim.dataCentres.us!.accountsServer}/oauth/v2/token?${q}`, { method: "POST" });
    expect(((await res.json()) as { access_token?: string }).access_token).toEqual(expect.any(String));
  });

  it("when the grant is posted as JSON, then the body is ignored as Zoho does and no token is issued", async () => {
    const code = await grantCode(sim);
    const res = await fetch(`${sim.dataCentres.us!.accountsServer}/oauth/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code", client_id: sim.clientId, client_secret: sim.clientSecret, redirect_uri: REDIRECT, code }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ error: "unsupported_grant_type" });
  });

  it("when access_type is online, or offline consent is repeated without prompt=consent, then no refresh_token is returned", async () => {
    const online = await exchange(sim, await grantCode(sim, { accessType: "online" }));
    expect(online.body.access_token).toEqual(expect.any(String));
    expect(online.body).not.toHaveProperty("refresh_token");
    await exchange(sim, await grantCode(sim));
    expect(await exchange(sim, await grantCode(sim))).not.toHaveProperty("body.refresh_token");
    expect((await exchange(sim, await grantCode(sim, { prompt: "consent" }))).body.refresh_token).toEqual(expect.any(String));
  });
});

describe("refresh", () => {
  it("when refreshing, then a new access token without refresh_token comes back, and an expired access token is refused", async () => {
    const { refreshToken, accessToken } = sim.issueTokensForTest();
    sim.clock.advance(3_600_000);
    expect((await cliq(sim, "/api/v2/channels", accessToken)).status).toBe(401);
    const r = await refresh(sim, refreshToken);
    expect(r.body).toEqual({ access_token: expect.any(String), api_domain: "https://www.zohoapis.com", token_type: "Bearer", expires_in: 3600 });
    expect((await cliq(sim, "/api/v2/channels", r.body.access_token as string)).status).toBe(200);
    expect(sim.counters().tokenGrants.refresh_token).toBe(1);
  });

  it("when an unknown or revoked refresh token is used, then invalid_code comes back with HTTP 200", async () => {
    expect(await refresh(sim, "1000.abc.def")).toEqual({ status: 200, body: { error: "invalid_code" } });
  });

  it("when a refresh token is refreshed more than 10 times in 10 minutes, then Access Denied until the window ends", async () => {
    const { refreshToken } = sim.issueTokensForTest();
    for (let i = 0; i < 10; i++) expect((await refresh(sim, refreshToken)).body.access_token).toEqual(expect.any(String));
    const denied = await refresh(sim, refreshToken);
    expect(denied).toEqual({
      status: 200,
      body: { error_description: "You have made too many requests continuously. Please try again after some time.", error: "Access Denied", status: "failure" },
    });
    sim.clock.advance(300_000);
    expect((await refresh(sim, refreshToken)).body.error).toBe("Access Denied");
    expect(sim.counters().throttles.token).toBe(2);
    sim.clock.advance(300_000);
    expect((await refresh(sim, refreshToken)).body.access_token).toEqual(expect.any(String));
  });

  it("when tokenThrottleStatus is 400, then the Access Denied body comes with HTTP 400", async () => {
    sim.setLimits({ tokenThrottleStatus: 400, tokenRefreshPer10Min: 1 });
    try {
      const { refreshToken } = sim.issueTokensForTest();
      await refresh(sim, refreshToken);
      const denied = await refresh(sim, refreshToken);
      expect(denied.status).toBe(400);
      expect(denied.body.error).toBe("Access Denied");
    } finally {
      sim.setLimits({ tokenThrottleStatus: 200, tokenRefreshPer10Min: 10 });
    }
  });

  it("when an 11th access token is minted from one refresh token, then the oldest one answers 401", async () => {
    const { refreshToken, accessToken: first } = sim.issueTokensForTest();
    const minted: string[] = [];
    for (let i = 0; i < 9; i++) minted.push((await refresh(sim, refreshToken)).body.access_token as string);
    expect((await cliq(sim, "/api/v2/channels", first)).status).toBe(200);
    sim.clock.advance(600_000); // past the refresh throttle window
    minted.push((await refresh(sim, refreshToken)).body.access_token as string);
    const evicted = await cliq(sim, "/api/v2/channels", first);
    expect(evicted).toMatchObject({ status: 401, body: { code: "oauthtoken_invalid", message: "Invalid OAuth token passed." } });
    expect((await cliq(sim, "/api/v2/channels", minted[0])).status).toBe(200);
  });
});

describe("revoke", () => {
  it("when a refresh token is revoked with /oauth/v2/token/revoke, then it and its access tokens stop working", async () => {
    const { refreshToken, accessToken } = sim.issueTokensForTest();
    const res = await fetch(`${sim.dataCentres.us!.accountsServer}/oauth/v2/token/revoke?token=${refreshToken}`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "success" });
    expect((await cliq(sim, "/api/v2/channels", accessToken)).status).toBe(401);
    expect((await refresh(sim, refreshToken)).body).toEqual({ error: "invalid_code" });
    const again = await fetch(`${sim.dataCentres.us!.accountsServer}/oauth/v2/token/revoke?token=${refreshToken}`, { method: "POST" });
    expect(again.status).toBe(400);
    expect(sim.counters().requests.revoke).toBe(2);
  });

  it("when revoking with Basic client auth at /oauth/v2/revoke/token, then the token is revoked; wrong credentials are refused", async () => {
    const { refreshToken, accessToken } = sim.issueTokensForTest();
    const url = `${sim.dataCentres.us!.accountsServer}/oauth/v2/revoke/token?token=${refreshToken}&token_type=refresh_token`;
    const bad = await fetch(url, { method: "POST", headers: { authorization: `Basic ${Buffer.from(`${sim.clientId}:nope`).toString("base64")}` } });
    expect(bad.status).toBe(401);
    expect((await cliq(sim, "/api/v2/channels", accessToken)).status).toBe(200);
    const ok = await fetch(url, { method: "POST", headers: { authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString("base64")}` } });
    expect(await ok.json()).toEqual({ status: "success" });
    expect((await cliq(sim, "/api/v2/channels", accessToken)).status).toBe(401);
  });

  it("when the admin revokes the app at Zoho, then every token stops working", async () => {
    const { refreshToken, accessToken } = sim.issueTokensForTest();
    sim.revokeAllTokens();
    expect((await cliq(sim, "/api/v2/channels", accessToken)).status).toBe(401);
    expect((await refresh(sim, refreshToken)).body).toEqual({ error: "invalid_code" });
  });
});

describe("serverinfo", () => {
  it("when asked for serverinfo, then every served location maps to its accounts server", async () => {
    const res = await fetch(`${sim.dataCentres.in!.accountsServer}/oauth/serverinfo`);
    expect(await res.json()).toEqual({ result: "success", locations: { us: sim.dataCentres.us!.accountsServer, eu: sim.dataCentres.eu!.accountsServer, in: sim.dataCentres.in!.accountsServer } });
  });
});
