import { describe, expect, it } from "vitest";
import { apiUrl, authorizeUrl, channelListQuery, messagesQuery } from "./requests.ts";

describe("authorizeUrl", () => {
  it("when scopes are given, then they are joined with literal commas and other values are encoded", () => {
    const url = authorizeUrl({
      accountsServer: "https://accounts.zoho.com/",
      clientId: "1000.CLIENT",
      redirectUri: "https://app.example/cb?x=1",
      scopes: ["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"],
      state: "s t&",
      accessType: "offline",
      prompt: "consent",
    });
    expect(url).toBe(
      "https://accounts.zoho.com/oauth/v2/auth?response_type=code&client_id=1000.CLIENT" +
        "&scope=ZohoCliq.Channels.READ,ZohoCliq.Messages.READ&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1" +
        "&state=s%20t%26&access_type=offline&prompt=consent",
    );
    expect(new URL(url).searchParams.get("scope")).toBe("ZohoCliq.Channels.READ,ZohoCliq.Messages.READ");
  });

  it("when the accounts server has a path prefix, then it is kept", () => {
    const url = authorizeUrl({ accountsServer: "http://127.0.0.1:5/dc/us/accounts", clientId: "c", redirectUri: "http://r", scopes: ["a"], state: "s" });
    expect(url.startsWith("http://127.0.0.1:5/dc/us/accounts/oauth/v2/auth?")).toBe(true);
  });

  it("when no scope is given, then it refuses", () => {
    expect(() => authorizeUrl({ accountsServer: "https://accounts.zoho.com", clientId: "c", redirectUri: "http://r", scopes: [], state: "s" })).toThrow(
      "scopes must name at least one scope",
    );
  });
});

describe("query builders (only documented params)", () => {
  it("when listing channels with defaults, then only limit=100 is sent", () => {
    expect(channelListQuery({}).toString()).toBe("limit=100");
  });

  it("when filters are set, then they use Zoho's names", () => {
    expect(channelListQuery({ limit: 5, nextToken: "n t", level: "team", status: "created", joined: false, name: "gen" }).toString()).toBe(
      "limit=5&next_token=n+t&level=team&status=created&joined=false&name=gen",
    );
  });

  it("when messages are fetched without options, then no query is sent; with options, fromtime/totime/limit", () => {
    expect(messagesQuery({}).toString()).toBe("");
    expect(messagesQuery({ fromTime: 1, toTime: 2, limit: 100 }).toString()).toBe("fromtime=1&totime=2&limit=100");
  });

  it.each([
    [() => channelListQuery({ limit: 101 }), "limit must be an integer from 1 to 100"],
    [() => channelListQuery({ limit: 0 }), "limit must be an integer from 1 to 100"],
    [() => messagesQuery({ limit: 1.5 }), "limit must be an integer from 1 to 100"],
    [() => messagesQuery({ fromTime: -1 }), "fromTime must be an integer"],
    [() => messagesQuery({ fromTime: 5, toTime: 4 }), "fromTime must not be after toTime"],
  ])("when an argument is out of range, then it throws before any request", (fn, message) => {
    expect(fn).toThrow(message);
  });

  it("when the cliq server is not a URL, then it says so", () => {
    expect(() => apiUrl("cliq.zoho.com", "/channels")).toThrow("cliqServer must be an http(s) URL");
    expect(apiUrl("https://cliq.zoho.com/", "/channels")).toBe("https://cliq.zoho.com/api/v2/channels");
  });
});
