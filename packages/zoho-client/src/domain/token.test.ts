import { describe, expect, it } from "vitest";
import { parseTokenGrant } from "./token.ts";

describe("parseTokenGrant", () => {
  it("when the documented code-exchange body arrives, then every field maps", () => {
    // doc §1.3
    const r = parseTokenGrant({
      access_token: "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24",
      refresh_token: "1000.18e983526f0ca8575ea9c53b0cd5bb58.1bd83a6f2e22c3a7e1309d96ae439cc1",
      api_domain: "https://www.zohoapis.com",
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(r).toEqual({
      ok: true,
      value: {
        accessToken: "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24",
        refreshToken: "1000.18e983526f0ca8575ea9c53b0cd5bb58.1bd83a6f2e22c3a7e1309d96ae439cc1",
        expiresInSec: 3600,
        apiDomain: "https://www.zohoapis.com",
        scope: null,
        tokenType: "Bearer",
      },
    });
  });

  it("when a refresh body arrives (no refresh_token, expires_in as a string, scope), then it maps", () => {
    // doc §1.4 plus the [UNVERIFIED] "3600" string and the optional scope of §1.3
    const r = parseTokenGrant({ access_token: "1000.a.b", expires_in: "3600", api_domain: "https://www.zohoapis.in", token_type: "Bearer", scope: "ZohoCliq.Channels.READ" });
    expect(r).toMatchObject({ ok: true, value: { refreshToken: null, expiresInSec: 3600, scope: "ZohoCliq.Channels.READ" } });
  });

  it("when the legacy expires_in (ms) comes with expires_in_sec, then seconds win", () => {
    const r = parseTokenGrant({ access_token: "1000.a.b", expires_in: 3600000, expires_in_sec: 3600, token_type: "Bearer" });
    expect(r).toMatchObject({ ok: true, value: { expiresInSec: 3600 } });
  });

  it("when expires_in is missing, then the problem names it", () => {
    expect(parseTokenGrant({ access_token: "1000.a.b", token_type: "Bearer" })).toEqual({
      ok: false,
      problem: "token response: expires_in is missing (expected a number of seconds)",
    });
  });

  it("when access_token is missing, then the problem names it", () => {
    expect(parseTokenGrant({ expires_in: 3600 })).toEqual({
      ok: false,
      problem: "token response: access_token is missing (expected a string)",
    });
  });
});
