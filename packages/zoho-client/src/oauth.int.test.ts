// Zoho Accounts OAuth against the simulator: consent redirect → data-centre check → code
// exchange → refresh → revoke, and every way the token endpoint says no (doc §1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDataCentre } from "./data-centres.ts";
import {
  ZohoMalformedResponseError,
  ZohoOAuthError,
  ZohoThrottledError,
  ZohoTokenThrottledError,
  ZohoTransientError,
  classifyZohoError,
} from "./errors.ts";
import { type Fixture, rejectionOf, startFixture } from "./testing/sim-fixture.ts";

const REDIRECT = "http://localhost:3000/oauth/callback";
const SCOPES = ["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"];

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await fx.close();
});

async function consent(opts: { location?: string; accessType?: "offline" | "online"; state?: string } = {}) {
  const dc = fx.table[opts.location ?? "us"];
  if (!dc) throw new Error("no such data centre");
  const url = fx.client.buildAuthorizeUrl({
    accountsServer: dc.accountsServer,
    clientId: fx.sim.clientId,
    redirectUri: REDIRECT,
    scopes: SCOPES,
    state: opts.state ?? "st-1",
    accessType: opts.accessType ?? "offline",
    prompt: "consent",
  });
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location") ?? "");
  const q = (k: string) => back.searchParams.get(k) ?? undefined;
  return { code: q("code") ?? "", location: q("location"), accountsServer: q("accounts-server"), state: q("state") };
}

function creds(accountsServer = fx.us.accountsServer) {
  return { accountsServer, clientId: fx.sim.clientId, clientSecret: fx.sim.clientSecret };
}

describe("consent and code exchange", () => {
  it("when the user consents in eu, then the redirect's accounts-server resolves to the eu entry and the code exchanges there", async () => {
    const back = await consent({ location: "eu", state: "s-42" });
    expect(back.state).toBe("s-42");
    const dc = findDataCentre(fx.table, { location: back.location, accountsServer: back.accountsServer });
    expect(dc?.location).toBe("eu");
    const grant = await fx.client.exchangeCode({ ...creds(dc?.accountsServer), redirectUri: REDIRECT, code: back.code });
    expect(grant).toMatchObject({ expiresInSec: 3600, tokenType: "Bearer", apiDomain: "https://www.zohoapis.eu" });
    expect(grant.accessToken).toMatch(/^1000\./);
    expect(grant.refreshToken).toMatch(/^1000\./);
    // the eu token reads eu Cliq
    const page = await fx.client.listChannels({ cliqServer: dc?.cliqServer ?? "", accessToken: grant.accessToken, limit: 1 });
    expect(page.channels).toHaveLength(1);
  });

  it("when a redirect names an accounts server outside the table, then no data centre is found (the secret is never sent)", () => {
    expect(findDataCentre(fx.table, { location: "us", accountsServer: "https://accounts.zoho.com" })).toBeUndefined();
    expect(findDataCentre(fx.table, { accountsServer: `${fx.sim.url}/us/accounts/../../evil` })).toBeUndefined();
  });

  it("when access_type is online, then no refresh token comes back", async () => {
    const back = await consent({ accessType: "online" });
    const grant = await fx.client.exchangeCode({ ...creds(), redirectUri: REDIRECT, code: back.code });
    expect(grant.refreshToken).toBeNull();
  });

  it("when a code is used twice, then ZohoOAuthError invalid_code (HTTP 200, as Zoho does)", async () => {
    const back = await consent();
    await fx.client.exchangeCode({ ...creds(), redirectUri: REDIRECT, code: back.code });
    const err = await rejectionOf(fx.client.exchangeCode({ ...creds(), redirectUri: REDIRECT, code: back.code }));
    expect(err).toBeInstanceOf(ZohoOAuthError);
    expect(err).toMatchObject({ zohoCode: "invalid_code", status: 200, endpoint: "token", retryable: false });
    expect(classifyZohoError(err)).toBe("oauth");
  });

  it("when the client secret is wrong, then invalid_client_secret, and the secret is not in the message", async () => {
    const back = await consent();
    const err = await rejectionOf(
      fx.client.exchangeCode({ ...creds(), clientSecret: "wrong-secret-value", redirectUri: REDIRECT, code: back.code }),
    );
    expect(err).toBeInstanceOf(ZohoOAuthError);
    expect(err).toMatchObject({ zohoCode: "invalid_client_secret", status: 200 });
    expect(err.message).not.toContain("wrong-secret-value");
    expect(err.message).not.toContain(back.code);
  });

  it("when the client id is wrong, then invalid_client", async () => {
    const back = await consent();
    const err = await rejectionOf(fx.client.exchangeCode({ ...creds(), clientId: "1000.NOPE", redirectUri: REDIRECT, code: back.code }));
    expect(err).toBeInstanceOf(ZohoOAuthError);
    expect(err).toMatchObject({ zohoCode: "invalid_client" });
  });
});

describe("refresh and revoke", () => {
  it("when a refresh token is refreshed, then a new access token comes back without a refresh token", async () => {
    const { refreshToken } = fx.sim.issueTokensForTest();
    const grant = await fx.client.refreshAccessToken({ ...creds(), refreshToken });
    expect(grant).toMatchObject({ refreshToken: null, expiresInSec: 3600, tokenType: "Bearer" });
    const page = await fx.client.listChannels({ cliqServer: fx.us.cliqServer, accessToken: grant.accessToken, limit: 1 });
    expect(page.channels).toHaveLength(1);
  });

  it("when the refresh token is revoked, then refreshing fails with invalid_code and revoking again with invalid_token", async () => {
    const { refreshToken } = fx.sim.issueTokensForTest();
    await fx.client.revokeToken({ accountsServer: fx.us.accountsServer, token: refreshToken });
    const refreshErr = await rejectionOf(fx.client.refreshAccessToken({ ...creds(), refreshToken }));
    expect(refreshErr).toBeInstanceOf(ZohoOAuthError);
    expect(refreshErr).toMatchObject({ zohoCode: "invalid_code", endpoint: "token" });
    const revokeErr = await rejectionOf(fx.client.revokeToken({ accountsServer: fx.us.accountsServer, token: refreshToken }));
    expect(revokeErr).toBeInstanceOf(ZohoOAuthError);
    expect(revokeErr).toMatchObject({ zohoCode: "invalid_token", status: 400, endpoint: "revoke" });
    expect(revokeErr.message).not.toContain(refreshToken);
  });

  it("when a refresh token is used at another data centre, then invalid_code", async () => {
    const { refreshToken } = fx.sim.issueTokensForTest({ location: "us" });
    const err = await rejectionOf(fx.client.refreshAccessToken({ ...creds(fx.table.in?.accountsServer), refreshToken }));
    expect(err).toMatchObject({ zohoCode: "invalid_code" });
  });
});

describe("token throttling (doc §1.6)", () => {
  it.each([200, 400] as const)(
    "when refreshes exceed the per-token limit and Zoho answers %i Access Denied, then ZohoTokenThrottledError with the lock",
    async (status) => {
      const own = await startFixture({}, { throttleLockMs: 123_000 });
      try {
        own.sim.setLimits({ tokenRefreshPer10Min: 2, tokenThrottleStatus: status });
        const { refreshToken } = own.sim.issueTokensForTest();
        const c = { accountsServer: own.us.accountsServer, clientId: own.sim.clientId, clientSecret: own.sim.clientSecret, refreshToken };
        await own.client.refreshAccessToken(c);
        await own.client.refreshAccessToken(c);
        const err = await rejectionOf(own.client.refreshAccessToken(c));
        expect(err).toBeInstanceOf(ZohoTokenThrottledError);
        expect(err).toBeInstanceOf(ZohoThrottledError);
        expect(err).toMatchObject({ status, zohoCode: "Access Denied", lockMs: 123_000, endpoint: "token", retryable: true });
        expect(classifyZohoError(err)).toBe("throttle");
        expect(own.sim.counters().throttles.token).toBe(1);
      } finally {
        await own.close();
      }
    },
  );
});

describe("token endpoint faults", () => {
  it.each([
    ["status5xx", ZohoTransientError, { status: 503 }],
    ["htmlError", ZohoTransientError, { status: 502 }],
    ["malformedJson", ZohoMalformedResponseError, { status: 200, zohoCode: null }],
    ["errorBody200", ZohoMalformedResponseError, { status: 200, zohoCode: "operation_failed" }],
    ["throttle", ZohoTokenThrottledError, { status: 200, zohoCode: "Access Denied" }],
  ] as const)("when the token endpoint answers a %s fault, then %o", async (kind, cls, fields) => {
    const { refreshToken } = fx.sim.issueTokensForTest();
    fx.sim.faults.inject({ endpoint: "token", kind, times: 1 });
    const err = await rejectionOf(fx.client.refreshAccessToken({ ...creds(), refreshToken }));
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ ...fields, endpoint: "token" });
    // the truncated body holds a token: no fragment of it may reach the message
    expect(err.message).not.toMatch(/1000\.[0-9a-f]{4}/);
  });

  it("when the revoke endpoint answers 5xx, then transient", async () => {
    fx.sim.faults.inject({ endpoint: "revoke", kind: "status5xx", status: 500, times: 1 });
    const err = await rejectionOf(fx.client.revokeToken({ accountsServer: fx.us.accountsServer, token: "1000.a.b" }));
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status: 500, endpoint: "revoke", retryable: true });
  });
});
