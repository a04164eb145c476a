import { describe, expect, it } from "vitest";
import { hasAnyRole, readRolesClaim, rolesClaimAt } from "./roles-claim.ts";

describe("roles claim", () => {
  it("when roles are a top-level array, then they are read", () => {
    expect(readRolesClaim({ roles: ["backend", "user"] }, "roles")).toEqual(["backend", "user"]);
  });

  it("when the claim is a nested dot path, then the nested array is read", () => {
    expect(readRolesClaim({ app_metadata: { roles: ["super_admin"] } }, "app_metadata.roles")).toEqual(["super_admin"]);
  });

  it("when the claim is one string, then it is split into roles", () => {
    expect(readRolesClaim({ roles: "backend admin,user" }, "roles")).toEqual(["backend", "admin", "user"]);
  });

  it("when the claim is missing, malformed or holds non-strings, then only string roles survive", () => {
    expect(readRolesClaim({}, "app_metadata.roles")).toEqual([]);
    expect(readRolesClaim({ app_metadata: "x" }, "app_metadata.roles")).toEqual([]);
    expect(readRolesClaim({ roles: 42 }, "roles")).toEqual([]);
    expect(readRolesClaim({ roles: ["backend", 7, null, ""] }, "roles")).toEqual(["backend"]);
  });

  it("when claims are built for a dot path, then reading that path gives the roles back", () => {
    const claims = rolesClaimAt("app_metadata.roles", ["super_admin"]);
    expect(claims).toEqual({ app_metadata: { roles: ["super_admin"] } });
    expect(readRolesClaim(claims, "app_metadata.roles")).toEqual(["super_admin"]);
  });

  it("when the user holds one of the allowed roles, then access is granted, otherwise not", () => {
    expect(hasAnyRole(["user", "backend"], ["super_admin", "backend"])).toBe(true);
    expect(hasAnyRole(["user"], ["super_admin", "backend"])).toBe(false);
    expect(hasAnyRole([], ["user"])).toBe(false);
  });
});
