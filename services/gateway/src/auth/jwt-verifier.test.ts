import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "@cliq/contracts";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtVerifier } from "./jwt-verifier.ts";

const SECRET = "a-secret-that-is-at-least-32-chars-long!";
const key = new TextEncoder().encode(SECRET);

function hs256(claims: Record<string, unknown> = { roles: ["backend"] }) {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("u1").setIssuedAt();
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("HS256 verifier", () => {
  const verifier = createJwtVerifier({ secret: SECRET, rolesClaim: "roles", issuer: "tcis", audience: "cliq-sync" });
  const valid = () => hs256().setIssuer("tcis").setAudience("cliq-sync");

  it("when the token is valid, then the user id and roles come from sub and the roles claim", async () => {
    const token = await valid().setExpirationTime("5m").sign(key);
    await expect(verifier.verify(token)).resolves.toEqual({ id: "u1", roles: ["backend"] });
  });

  it("when the token expired, then it is unauthenticated with 'token expired'", async () => {
    const token = await valid().setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    expect(await failure(verifier.verify(token))).toMatchObject({ code: "unauthenticated", message: "token expired" });
  });

  it("when the token is not valid yet, then the message says so", async () => {
    const token = await valid().setNotBefore("10m").sign(key);
    expect((await failure(verifier.verify(token))).message).toContain("not yet valid");
  });

  it("when the token is signed with another secret, then it is a bad signature", async () => {
    const token = await valid().sign(new TextEncoder().encode("another-secret-that-is-32-characters-long"));
    expect(await failure(verifier.verify(token))).toMatchObject({ code: "unauthenticated", message: "bad token signature" });
  });

  it("when the token is unsigned (alg none), then it is refused", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ sub: "u1", roles: ["super_admin"], iss: "tcis", aud: "cliq-sync" })).toString("base64url");
    expect((await failure(verifier.verify(`${header}.${body}.`))).code).toBe("unauthenticated");
  });

  it("when the issuer or audience is wrong, then the claim is named", async () => {
    const wrongIss = await hs256().setIssuer("evil").setAudience("cliq-sync").sign(key);
    const wrongAud = await hs256().setIssuer("tcis").setAudience("other").sign(key);
    expect((await failure(verifier.verify(wrongIss))).message).toContain("iss");
    expect((await failure(verifier.verify(wrongAud))).message).toContain("aud");
  });

  it("when the token has no subject, then it is refused", async () => {
    const token = await new SignJWT({ roles: [] }).setProtectedHeader({ alg: "HS256" }).setIssuer("tcis").setAudience("cliq-sync").sign(key);
    expect((await failure(verifier.verify(token))).message).toContain("sub");
  });

  it("when the token is garbage, then it is malformed", async () => {
    expect((await failure(verifier.verify("not.a.jwt"))).message).toBe("malformed token");
  });
});

describe("JWKS verifier", () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("when a token is signed by a key in the JWKS, then it is accepted with roles from a nested claim", async () => {
    const verifier = createJwtVerifier({ jwksUrl, rolesClaim: "app_metadata.roles" });
    const token = await new SignJWT({ app_metadata: { roles: ["super_admin"] } })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setSubject("admin@example.com")
      .setExpirationTime("5m")
      .sign(privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({ id: "admin@example.com", roles: ["super_admin"] });
  });

  it("when an HS256 token is presented to a JWKS verifier, then the algorithm is refused", async () => {
    const verifier = createJwtVerifier({ jwksUrl, rolesClaim: "roles" });
    const token = await hs256().setExpirationTime("5m").sign(key);
    expect((await failure(verifier.verify(token))).code).toBe("unauthenticated");
  });

  it("when the kid is unknown, then it is refused naming the key", async () => {
    const verifier = createJwtVerifier({ jwksUrl, rolesClaim: "roles" });
    const token = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "other" }).setSubject("u").sign(privateKey);
    expect(await failure(verifier.verify(token))).toMatchObject({ code: "unauthenticated", message: expect.stringContaining("key") });
  });

  it("when the JWKS cannot be fetched, then it is service_unavailable, not the caller's fault", async () => {
    const verifier = createJwtVerifier({ jwksUrl: "http://127.0.0.1:9/jwks.json", rolesClaim: "roles" });
    const token = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("u").sign(privateKey);
    expect((await failure(verifier.verify(token))).code).toBe("service_unavailable");
  });
});
