import { describe, expect, it } from "vitest";
import { createClock } from "./clock.ts";
import { hasScope, parseScopes, TokenStore } from "./token-store.ts";

function setup(refreshLimit = 10) {
  const clock = createClock(() => 1_000_000);
  const store = new TokenStore({ clientId: () => "cid", clientSecret: () => "sec", now: clock.now, refreshLimit: () => refreshLimit });
  return { clock, store };
}
const consent = { clientId: "cid", redirectUri: "http://x/cb", location: "us", scopes: ["ZohoCliq.Channels.READ"], userId: "u1", offline: true, promptConsent: false };
const exchange = (code: string) => ({ clientId: "cid", clientSecret: "sec", code, redirectUri: "http://x/cb", location: "us" });

describe("TokenStore", () => {
  it("when a user consents offline a second time without prompt=consent, then no new refresh token is issued; with it, one is", () => {
    const { store } = setup();
    const first = store.exchangeCode(exchange(store.issueCode(consent)));
    expect(first).toMatchObject({ kind: "ok", body: { refresh_token: expect.stringMatching(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/) } });
    const second = store.exchangeCode(exchange(store.issueCode(consent)));
    expect(second.kind).toBe("ok");
    expect(second.kind === "ok" && "refresh_token" in second.body).toBe(false);
    const third = store.exchangeCode(exchange(store.issueCode({ ...consent, promptConsent: true })));
    expect(third.kind === "ok" && typeof third.body.refresh_token).toBe("string");
  });

  it("when the 21st refresh token is issued for a user, then the oldest is deleted with its access tokens", () => {
    const { store } = setup();
    const pairs = Array.from({ length: 21 }, () => store.issuePair("u1", "cid", "us", ["s"]));
    expect(store.tokenKind(pairs[0]!.refreshToken)).toBeUndefined();
    expect(store.authenticate(pairs[0]!.accessToken, "us")).toBeUndefined();
    expect(store.tokenKind(pairs[1]!.refreshToken)).toBe("refresh_token");
  });

  it("when the refresh limit is reached, then refreshes are throttled until ten minutes after the window opened", () => {
    const { clock, store } = setup(3);
    const { refreshToken } = store.issuePair("u1", "cid", "us", ["s"]);
    const refresh = () => store.refresh({ clientId: "cid", clientSecret: "sec", refreshToken, location: "us" }).kind;
    expect([refresh(), refresh(), refresh(), refresh()]).toEqual(["ok", "ok", "ok", "throttled"]);
    clock.advance(599_999);
    expect(refresh()).toBe("throttled");
    clock.advance(1);
    expect(refresh()).toBe("ok");
  });

  it("when a token comes from another data centre, then it is not accepted there", () => {
    const { store } = setup();
    const { refreshToken, accessToken } = store.issuePair("u1", "cid", "eu", ["s"]);
    expect(store.authenticate(accessToken, "us")).toBeUndefined();
    expect(store.refresh({ clientId: "cid", clientSecret: "sec", refreshToken, location: "us" })).toEqual({ kind: "error", error: "invalid_code" });
  });
});

describe("scopes", () => {
  it("when a scope is granted as .ALL or in another case, then it covers .READ", () => {
    expect(hasScope(["zohocliq.messages.read"], "ZohoCliq.Messages.READ")).toBe(true);
    expect(hasScope(["ZohoCliq.Messages.ALL"], "ZohoCliq.Messages.READ")).toBe(true);
    expect(hasScope(["ZohoCliq.Channels.READ"], "ZohoCliq.Messages.READ")).toBe(false);
    expect(parseScopes("a,b, c d")).toEqual(["a", "b", "c", "d"]);
  });
});
