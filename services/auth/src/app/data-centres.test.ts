import { describe, expect, it } from "vitest";
import { resolveDataCentres } from "@cliq/zoho-client";
import { createDataCentres } from "./data-centres.ts";

const dcs = createDataCentres(resolveDataCentres());

describe("choosing the data centre", () => {
  it("when the redirect names a known accounts server, then that data centre's hosts are used", () => {
    expect(dcs.forRedirect({ accountsServer: "https://accounts.zoho.eu", location: "eu", fallbackLocation: "us" })).toMatchObject({
      location: "eu",
      cliqServer: "https://cliq.zoho.eu",
    });
    expect(dcs.forRedirect({ accountsServer: "https://accounts.zohocloud.ca/", fallbackLocation: "us" }).location).toBe("ca");
  });

  it("when the redirect carries nothing, then the location the consent was started in is used", () => {
    expect(dcs.forRedirect({ fallbackLocation: "in" }).accountsServer).toBe("https://accounts.zoho.in");
  });

  it("when the accounts server is foreign or disagrees with the location, then it is refused by name", () => {
    expect(() => dcs.forRedirect({ accountsServer: "https://accounts.zoho.com.evil.example", fallbackLocation: "us" })).toThrow(/not one of the known/);
    expect(() => dcs.forRedirect({ accountsServer: "https://accounts.zoho.com", location: "eu", fallbackLocation: "us" })).toThrow(/location 'eu'/);
  });

  it("when a stored row has no Cliq host, then it comes from its location", () => {
    expect(dcs.cliqServerFor({ cliqServer: null, location: "jp" })).toBe("https://cliq.zoho.jp");
    expect(dcs.cliqServerFor({ cliqServer: "https://cliq.zoho.uk", location: "uk" })).toBe("https://cliq.zoho.uk");
  });

  it("when the location is unknown, then the error lists the known ones", () => {
    expect(() => dcs.byLocation("zz")).toThrow(/known: us, eu, in/);
  });
});
