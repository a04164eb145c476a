import { ConfigError } from "@cliq/runtime";
import { describe, expect, it } from "vitest";
import { loadGatewayConfig } from "./config.ts";

const SECRET = "0123456789abcdef0123456789abcdef";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadGatewayConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("gateway configuration", () => {
  it("when only JWT_SECRET is set, then the defaults apply", () => {
    const config = loadGatewayConfig({ JWT_SECRET: SECRET });
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: "0.0.0.0",
      JWT_ROLES_CLAIM: "roles",
      BODY_LIMIT_BYTES: 1024 * 1024,
      CORS_ORIGINS: [],
    });
  });

  it("when neither JWT_SECRET nor JWT_JWKS_URL is set, then a ConfigError names both", () => {
    const err = configError({});
    expect(err.message).toContain("JWT_SECRET");
    expect(err.message).toContain("JWT_JWKS_URL");
  });

  it("when both are set, then a ConfigError asks to choose one", () => {
    expect(configError({ JWT_SECRET: SECRET, JWT_JWKS_URL: "https://idp.example.com/jwks.json" }).message).toContain("choose one");
  });

  it("when JWT_SECRET is short, then the error says 32 characters and does not print the secret", () => {
    const err = configError({ JWT_SECRET: "short-secret" });
    expect(err.message).toContain("at least 32 characters");
    expect(err.message).not.toContain("short-secret");
  });

  it("when JWKS mode and a nested roles claim are configured, then they are read", () => {
    const config = loadGatewayConfig({ JWT_JWKS_URL: "https://idp.example.com/.well-known/jwks.json", JWT_ROLES_CLAIM: "app_metadata.roles" });
    expect(config.JWT_JWKS_URL).toBe("https://idp.example.com/.well-known/jwks.json");
    expect(config.JWT_ROLES_CLAIM).toBe("app_metadata.roles");
  });

  it("when CORS_ORIGINS lists origins, then they become a list; a path or bad URL is refused", () => {
    expect(loadGatewayConfig({ JWT_SECRET: SECRET, CORS_ORIGINS: "https://app.example.com, http://localhost:5173/" }).CORS_ORIGINS).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
    expect(configError({ JWT_SECRET: SECRET, CORS_ORIGINS: "https://app.example.com/admin" }).message).toContain("CORS_ORIGINS");
  });

  it("when several variables are wrong, then one error names each of them", () => {
    const err = configError({ PORT: "http", BODY_LIMIT_BYTES: "lots" });
    expect(err.problems.map((p) => p.variable)).toEqual(expect.arrayContaining(["PORT", "BODY_LIMIT_BYTES", "JWT_SECRET"]));
  });
});
