import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadAuthConfig } from "./config.ts";

const key = randomBytes(32).toString("base64");
const base = {
  ZOHO_CLIENT_ID: "1000.ABC",
  ZOHO_CLIENT_SECRET: "shh-secret",
  ZOHO_REDIRECT_URI: "https://sync.example.com/auth/zoho/callback",
  TOKEN_ENCRYPTION_KEYS: `k1:${key}`,
};

describe("auth configuration", () => {
  it("when only the required variables are set, then the documented defaults apply", () => {
    const c = loadAuthConfig(base);
    expect(c.ZOHO_SCOPES).toEqual(["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"]);
    expect(c.ZOHO_DEFAULT_LOCATION).toBe("us");
    expect(c.TOKEN_REFRESH_MARGIN_MS).toBe(600_000);
    expect(c.TOKEN_REFRESH_BUDGET).toBe(8);
    expect(c.ZOHO_DATA_CENTRES).toBeUndefined();
    expect(c.TOKEN_ENCRYPTION_KEYS.currentKeyId).toBe("k1");
  });

  it("when the margin is given with a unit, then it is read in milliseconds", () => {
    expect(loadAuthConfig({ ...base, TOKEN_REFRESH_MARGIN_MS: "15m" }).TOKEN_REFRESH_MARGIN_MS).toBe(900_000);
  });

  it("when the key has the wrong length, then the error names the variable and the length but not the key", () => {
    const short = randomBytes(20).toString("base64");
    expect(() => loadAuthConfig({ ...base, TOKEN_ENCRYPTION_KEYS: `k1:${short}` })).toThrow(
      /TOKEN_ENCRYPTION_KEYS is invalid: .*decodes to 20 bytes; AES-256-GCM needs exactly 32/,
    );
    try {
      loadAuthConfig({ ...base, TOKEN_ENCRYPTION_KEYS: `k1:${short}` });
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
  });

  it("when required variables are missing, then each is named", () => {
    expect(() => loadAuthConfig({})).toThrow(/ZOHO_CLIENT_ID is required.*ZOHO_CLIENT_SECRET is required.*ZOHO_REDIRECT_URI is required.*TOKEN_ENCRYPTION_KEYS is required/);
  });

  it("when the data-centre override is not valid JSON, then it is refused", () => {
    expect(() => loadAuthConfig({ ...base, ZOHO_DATA_CENTRES: "{nope" })).toThrow(/ZOHO_DATA_CENTRES/);
  });

  it("when the scopes are malformed, then it is refused", () => {
    expect(() => loadAuthConfig({ ...base, ZOHO_SCOPES: "channels read" })).toThrow(/ZOHO_SCOPES/);
  });
});
