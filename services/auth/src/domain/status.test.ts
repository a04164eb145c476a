import { describe, expect, it } from "vitest";
import { authStatus } from "@cliq/contracts";
import { connectionStatus, disconnectedStatus, type StatusRow } from "./status.ts";

const now = Date.parse("2026-11-25T10:00:00Z");
const row: StatusRow = {
  state: "connected",
  location: "eu",
  accountsServer: "https://accounts.zoho.eu",
  cliqServer: "https://cliq.zoho.eu",
  scopes: ["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"],
  expiresAt: new Date(now + 3_600_000),
  authenticatedBy: "admin-1",
  lastRefreshAt: null,
  lastRefreshError: null,
  nextRefreshNotBefore: null,
  tokenVersion: 3,
  keyId: "k2",
};
const at = { now, knownKeyIds: new Set(["k2", "k1"]), refreshingHere: false };

describe("status", () => {
  it("when nothing is connected, then the status says how to connect and matches the contract", () => {
    const s = disconnectedStatus();
    expect(authStatus.parse(s)).toEqual(s);
    expect(s.connected).toBe(false);
    expect(s.action).toMatch(/Connect/);
  });

  it("when healthy, then it reports the data centre, scopes and expiry with no action", () => {
    const s = connectionStatus(row, at);
    expect(authStatus.parse(s)).toEqual(s);
    expect(s).toMatchObject({ connected: true, state: "connected", location: "eu", tokenVersion: 3, action: null });
    expect(s.expiresAt).toBe("2026-11-25T11:00:00.000Z");
  });

  it("when re-consent is required, then it is not connected and tells the admin to reconnect with the reason", () => {
    const s = connectionStatus({ ...row, state: "reauth_required", lastRefreshError: "refresh token revoked (invalid_code)" }, at);
    expect(s.connected).toBe(false);
    expect(s.action).toContain("invalid_code");
    expect(s.action).toContain("reconnect");
  });

  it("when the key that wrote the tokens is not configured, then the action names the key", () => {
    expect(connectionStatus({ ...row, keyId: "k0" }, at).action).toContain("'k0'");
  });

  it("when the last refresh failed transiently, then the action says when it is retried", () => {
    const s = connectionStatus({ ...row, lastRefreshError: "Zoho accounts unavailable", nextRefreshNotBefore: new Date(now + 5_000) }, at);
    expect(s.connected).toBe(true);
    expect(s.action).toContain("2026-11-25T10:00:05.000Z");
  });

  it("when this process is refreshing, then the state says so", () => {
    expect(connectionStatus(row, { ...at, refreshingHere: true }).state).toBe("refreshing");
  });
});
