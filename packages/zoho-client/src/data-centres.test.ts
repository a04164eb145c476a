import { describe, expect, it } from "vitest";
import { ZOHO_DATA_CENTRES, ZohoDataCentresEnv, dataCentresFromEnv, findDataCentre, resolveDataCentres } from "./data-centres.ts";

describe("ZOHO_DATA_CENTRES", () => {
  it("when read, then it is exactly the doc §1.9 table (Canada on zohocloud.ca)", () => {
    const rows = Object.values(ZOHO_DATA_CENTRES).map((d) => [d.location, d.accountsServer, d.cliqServer]);
    expect(rows).toEqual([
      ["us", "https://accounts.zoho.com", "https://cliq.zoho.com"],
      ["eu", "https://accounts.zoho.eu", "https://cliq.zoho.eu"],
      ["in", "https://accounts.zoho.in", "https://cliq.zoho.in"],
      ["au", "https://accounts.zoho.com.au", "https://cliq.zoho.com.au"],
      ["jp", "https://accounts.zoho.jp", "https://cliq.zoho.jp"],
      ["cn", "https://accounts.zoho.com.cn", "https://cliq.zoho.com.cn"],
      ["ca", "https://accounts.zohocloud.ca", "https://cliq.zohocloud.ca"],
      ["sa", "https://accounts.zoho.sa", "https://cliq.zoho.sa"],
      ["uk", "https://accounts.zoho.uk", "https://cliq.zoho.uk"],
    ]);
  });
});

describe("findDataCentre", () => {
  const table = resolveDataCentres();

  it("when the redirect's accounts-server differs only by case or a trailing slash, then it matches", () => {
    expect(findDataCentre(table, { accountsServer: "HTTPS://Accounts.Zoho.IN/" })?.location).toBe("in");
    expect(findDataCentre(table, { accountsServer: "https://accounts.zoho.in:443" })?.cliqServer).toBe("https://cliq.zoho.in");
  });

  it("when the accounts-server is not in the table, then nothing matches", () => {
    for (const host of [
      "https://accounts.zoho.com.evil.example",
      "https://evil.example/?https://accounts.zoho.com",
      "http://accounts.zoho.com",
      "https://accounts.zoho.com/?x=1",
      "https://accounts.zoho.ca",
      "not a url",
    ]) {
      expect(findDataCentre(table, { accountsServer: host })).toBeUndefined();
    }
  });

  it("when location and accounts-server disagree, then nothing matches", () => {
    expect(findDataCentre(table, { location: "eu", accountsServer: "https://accounts.zoho.in" })).toBeUndefined();
    expect(findDataCentre(table, { location: "EU", accountsServer: "https://accounts.zoho.eu" })?.location).toBe("eu");
  });

  it("when only a location is given, then its entry comes back; unknown or none gives undefined", () => {
    expect(findDataCentre(table, { location: "ca" })?.accountsServer).toBe("https://accounts.zohocloud.ca");
    expect(findDataCentre(table, { location: "xx" })).toBeUndefined();
    expect(findDataCentre(table, {})).toBeUndefined();
  });
});

describe("resolveDataCentres", () => {
  it("when overrides are given, then they replace the table entirely", () => {
    const t = resolveDataCentres({ us: { accountsServer: "http://127.0.0.1:9000/dc/us/accounts/", cliqServer: "http://127.0.0.1:9000/dc/us/cliq" } });
    expect(t).toEqual({ us: { location: "us", accountsServer: "http://127.0.0.1:9000/dc/us/accounts", cliqServer: "http://127.0.0.1:9000/dc/us/cliq" } });
    expect(findDataCentre(t, { accountsServer: "https://accounts.zoho.com" })).toBeUndefined();
    expect(findDataCentre(t, { accountsServer: "http://127.0.0.1:9000/dc/us/accounts" })?.location).toBe("us");
  });
});

describe("ZohoDataCentresEnv", () => {
  it("when the env var is a valid JSON table, then it parses", () => {
    const raw = JSON.stringify({ us: { accountsServer: "http://127.0.0.1:1/a", cliqServer: "http://127.0.0.1:1/c" } });
    expect(ZohoDataCentresEnv.parse(raw)).toEqual({ us: { accountsServer: "http://127.0.0.1:1/a", cliqServer: "http://127.0.0.1:1/c" } });
    expect(dataCentresFromEnv(raw).us?.location).toBe("us");
  });

  it("when the env var is unset or blank, then the production table is used", () => {
    expect(dataCentresFromEnv(undefined)).toEqual(ZOHO_DATA_CENTRES);
    expect(dataCentresFromEnv("  ")).toEqual(ZOHO_DATA_CENTRES);
  });

  it.each([
    ["{not json", /ZOHO_DATA_CENTRES is not valid JSON/],
    ["{}", /must name at least one location/],
    [JSON.stringify({ us: { accountsServer: "ftp://x", cliqServer: "http://c" } }), /must be an http\(s\) server URL[\s\S]*at us\.accountsServer/],
    [JSON.stringify({ us: { accountsServer: "http://a" } }), /at us\.cliqServer/],
    [JSON.stringify({ US: { accountsServer: "http://a", cliqServer: "http://c" } }), /location keys must be lower-case/],
    [JSON.stringify({ us: { accountsServer: "http://a", cliqServer: "http://c", extra: 1 } }), /extra/],
  ])("when the env var is %s, then the error says what is wrong", (raw, pattern) => {
    expect(() => dataCentresFromEnv(raw)).toThrow(pattern);
  });
});
