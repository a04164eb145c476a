import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt, keyIdOf, needsRotation, parseKeyring } from "./crypto.ts";

const k = () => randomBytes(32).toString("base64");
const k1 = k();
const k2 = k();

describe("keyring", () => {
  it("when several keys are configured, then the first is current and all decrypt", () => {
    const ring = parseKeyring(`k2:${k2}, k1:${k1}`);
    expect(ring.currentKeyId).toBe("k2");
    expect([...ring.keys.keys()]).toEqual(["k2", "k1"]);
  });

  it.each([
    ["", /empty/],
    ["nokey", /'<keyId>:<base64>'/],
    [`k1:${randomBytes(16).toString("base64")}`, /key 'k1'\) decodes to 16 bytes; AES-256-GCM needs exactly 32/],
    ["k1:not base64!", /not base64/],
    [`k1:${k1},k1:${k2}`, /appears twice/],
  ])("when the spec is %j, then it is refused with a clear message", (spec, message) => {
    expect(() => parseKeyring(spec)).toThrow(message);
    try {
      parseKeyring(spec);
    } catch (err) {
      expect((err as { code: string }).code).toBe("encryption_key_invalid");
    }
  });

  it("when a key is refused, then the message never echoes key material", () => {
    const short = randomBytes(16).toString("base64");
    expect(() => parseKeyring(`k1:${short}`)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(short) }));
  });
});

describe("envelope", () => {
  const ring = parseKeyring(`k2:${k2},k1:${k1}`);

  it("when a token is encrypted, then the envelope names the key and holds no token text", () => {
    const env = encrypt(ring, "1000.abc.def", "access");
    expect(env).toMatch(/^v1:k2:[^:]+:[^:]+:[^:]+$/);
    expect(env).not.toContain("abc");
    expect(keyIdOf(env)).toBe("k2");
    expect(decrypt(ring, env, "access")).toBe("1000.abc.def");
  });

  it("when the same token is encrypted twice, then the ciphertexts differ", () => {
    expect(encrypt(ring, "t", "access")).not.toBe(encrypt(ring, "t", "access"));
  });

  it("when the key rotates, then old ciphertexts still decrypt and are flagged for rotation", () => {
    const old = encrypt(parseKeyring(`k1:${k1}`), "secret", "refresh");
    expect(decrypt(ring, old, "refresh")).toBe("secret");
    expect(needsRotation(ring, old)).toBe(true);
    expect(needsRotation(ring, encrypt(ring, "secret", "refresh"))).toBe(false);
  });

  it("when the key that wrote a ciphertext is gone, then decryption names the missing key", () => {
    const env = encrypt(ring, "secret", "refresh");
    expect(() => decrypt(parseKeyring(`k1:${k1}`), env, "refresh")).toThrow(/key 'k2', which is not in TOKEN_ENCRYPTION_KEYS/);
  });

  it("when a ciphertext is altered or moved to another column, then it fails authentication", () => {
    const env = encrypt(ring, "secret", "refresh");
    const parts = env.split(":");
    const ct = Buffer.from(parts[4]!, "base64");
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString("base64");
    expect(() => decrypt(ring, parts.join(":"), "refresh")).toThrow(/failed authentication/);
    expect(() => decrypt(ring, env, "access")).toThrow(/failed authentication/);
  });

  it("when the stored value is not an envelope, then the error says so", () => {
    expect(() => decrypt(ring, "1000.plain.token", "access")).toThrow(/not a v1 encryption envelope/);
  });
});
