import { describe, expect, it } from "vitest";
import { assertMayManageMappings } from "./access.ts";

describe("who may manage mappings", () => {
  it("when the actor is a backend user or super admin, then access is granted", () => {
    expect(() => assertMayManageMappings({ userId: "u", roles: ["backend"] })).not.toThrow();
    expect(() => assertMayManageMappings({ userId: "u", roles: ["user", "super_admin"] })).not.toThrow();
  });
  it("when the actor has only client-level roles, then the error is forbidden and names the roles needed", () => {
    expect(() => assertMayManageMappings({ userId: "u", roles: ["admin", "manager"] })).toThrow(/super_admin or backend/);
  });
});
