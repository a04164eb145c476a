import { describe, expect, it } from "vitest";
import { generateState, hashState, stateProblem, STATE_TTL_MS } from "./oauth-state.ts";

const now = Date.parse("2026-11-25T10:00:00Z");
const fresh = { userId: "u1", expiresAt: new Date(now + STATE_TTL_MS), usedAt: null };

describe("oauth state", () => {
  it("when two states are generated, then they differ and are URL-safe", () => {
    const a = generateState();
    const b = generateState();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("when a state is hashed, then the hash is stable and does not contain the state", () => {
    const s = generateState();
    expect(hashState(s)).toBe(hashState(s));
    expect(hashState(s)).not.toContain(s);
  });

  it("when the state is fresh and the caller is its owner, then there is no problem", () => {
    expect(stateProblem(fresh, { now, userId: "u1" })).toBeNull();
    expect(stateProblem(fresh, { now })).toBeNull();
  });

  it.each([
    ["unknown", null, {}, "oauth_state_invalid"],
    ["used", { ...fresh, usedAt: new Date(now) }, {}, "oauth_state_used"],
    ["expired", { ...fresh, expiresAt: new Date(now) }, {}, "oauth_state_expired"],
    ["another user's", fresh, { userId: "u2" }, "oauth_state_invalid"],
  ] as const)("when the state is %s, then the code says so", (_label, row, who, code) => {
    expect(stateProblem(row, { now, ...who })?.code).toBe(code);
  });
});
