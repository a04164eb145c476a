import { describe, expect, it } from "vitest";
import { serviceTokenMatches } from "./service-token.ts";

const TOKEN = "svc-token-0123456789abcdefghij";

describe("service token comparison", () => {
  it("when the presented token is the configured one, then it matches", () => {
    expect(serviceTokenMatches(TOKEN, TOKEN)).toBe(true);
  });

  it.each([TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), ""])("when %j is presented, then it does not match", (presented) => {
    expect(serviceTokenMatches(TOKEN, presented)).toBe(false);
  });

  it("when no token is configured, then nothing matches, not even an empty one", () => {
    expect(serviceTokenMatches(undefined, "")).toBe(false);
    expect(serviceTokenMatches(undefined, TOKEN)).toBe(false);
  });
});
