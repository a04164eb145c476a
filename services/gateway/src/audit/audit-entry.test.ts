import { describe, expect, it } from "vitest";
import { auditEntryFor, outcomeOf, targetOf } from "./audit-entry.ts";

const M = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
const user = { id: "admin@example.com", roles: ["super_admin"] };

describe("audit entries", () => {
  it("when a mapping is synced, then the entry names the caller, the route pattern and the mapping", () => {
    const entry = auditEntryFor({
      method: "POST",
      routeUrl: "/api/zoho-mappings/:id/sync",
      params: { id: M },
      body: undefined,
      statusCode: 202,
      errorCode: null,
      user,
      requestId: "r1",
    });
    expect(entry).toEqual({
      actorId: "admin@example.com",
      actorRoles: ["super_admin"],
      action: "POST /api/zoho-mappings/:id/sync",
      targetType: "mapping",
      targetId: M,
      outcome: "succeeded",
      statusCode: 202,
      errorCode: null,
      params: { id: M },
      fields: {},
      requestId: "r1",
    });
  });

  it("when the body carries an OAuth code and state, then neither is kept; whitelisted fields are", () => {
    const entry = auditEntryFor({
      method: "POST",
      routeUrl: "/api/integrations/zoho-cliq/complete",
      params: {},
      body: { code: "1000.secret-code", state: "s-123", location: "eu", accessToken: "x" },
      statusCode: 400,
      errorCode: "oauth_code_invalid",
      user,
      requestId: "r2",
    });
    expect(JSON.stringify(entry)).not.toMatch(/secret-code|s-123|accessToken/);
    expect(entry).toMatchObject({ fields: { location: "eu" }, outcome: "rejected", errorCode: "oauth_code_invalid", targetType: "integration", targetId: "zoho-cliq" });
  });

  it("when a room's mapping is created, then the target is the room", () => {
    expect(targetOf("/api/clients/:clientId/rooms/:roomId/zoho-mapping", { clientId: "c", roomId: "r" }, {})).toEqual({ targetType: "room", targetId: "r" });
  });

  it("when the seed's trigger names a mapping in the body, then that mapping is the target", () => {
    expect(targetOf("/functions/v1/zoho-sync-trigger", {}, { mappingId: M })).toEqual({ targetType: "mapping", targetId: M });
    expect(targetOf("/functions/v1/zoho-sync", {}, {})).toEqual({ targetType: "function", targetId: "zoho-sync" });
  });

  it("when the call was anonymous, then the actor is null and the outcome denied", () => {
    const entry = auditEntryFor({ method: "DELETE", routeUrl: "/api/x/:id", params: { id: "1" }, body: null, statusCode: 401, errorCode: "unauthenticated", user: null, requestId: "r" });
    expect(entry).toMatchObject({ actorId: null, actorRoles: [], outcome: "denied" });
  });

  it.each([
    [200, "succeeded"],
    [302, "succeeded"],
    [403, "denied"],
    [409, "rejected"],
    [429, "rejected"],
    [503, "failed"],
  ] as const)("when the status is %i, then the outcome is %s", (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});
