import { describe, expect, it } from "vitest";
import { createJwtVerifier } from "./jwt-verifier.ts";
import { devTokenRequestFrom, signDevToken } from "./dev-token.ts";

const SECRET = "dev-secret-that-is-long-enough-for-hs256";

describe("dev tokens", () => {
  it("when roles live at a nested claim path, then the signed token carries them there", async () => {
    const request = devTokenRequestFrom(["--role", "backend", "--sub", "me@example.com"], {
      JWT_SECRET: SECRET,
      JWT_ROLES_CLAIM: "app_metadata.roles",
      JWT_ISSUER: "tcis",
    });
    if ("error" in request) throw new Error(request.error);
    const token = await signDevToken(request);
    const verifier = createJwtVerifier({ secret: SECRET, rolesClaim: "app_metadata.roles", issuer: "tcis" });
    await expect(verifier.verify(token)).resolves.toEqual({ id: "me@example.com", roles: ["backend"] });
  });

  it("when no options are given, then it is a super_admin token for 8 hours", () => {
    expect(devTokenRequestFrom([], { JWT_SECRET: SECRET })).toMatchObject({ roles: ["super_admin"], ttl: "8h", rolesClaim: "roles" });
  });

  it("when the input is wrong, then the error names what", () => {
    expect(devTokenRequestFrom([], {})).toEqual({ error: expect.stringContaining("JWT_SECRET") });
    expect(devTokenRequestFrom(["--role", "god"], { JWT_SECRET: SECRET })).toEqual({ error: expect.stringContaining("unknown role god") });
    expect(devTokenRequestFrom(["--ttl", "forever"], { JWT_SECRET: SECRET })).toEqual({ error: expect.stringContaining("--ttl forever") });
    expect(devTokenRequestFrom(["--bogus"], { JWT_SECRET: SECRET })).toEqual({ error: expect.stringContaining("--bogus") });
  });
});
