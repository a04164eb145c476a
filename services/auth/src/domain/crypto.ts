// AES-256-GCM envelope for tokens at rest: `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts).
// The key id travels with every ciphertext so keys can rotate: new writes use the current key,
// any configured older key still decrypts, and `rotate` re-encrypts under the current one.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@cliq/contracts";

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export type Keyring = {
  /** The key new ciphertexts are written with (the first one configured). */
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
};

function keyError(message: string): AppError {
  return new AppError("encryption_key_invalid", message);
}

/**
 * Parses `TOKEN_ENCRYPTION_KEYS` ("k2:<base64>,k1:<base64>", first = current). Every problem is
 * reported by key id and position, never by echoing key material.
 */
export function parseKeyring(spec: string): Keyring {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (entries.length === 0) {
    throw keyError("TOKEN_ENCRYPTION_KEYS is empty: set it to '<keyId>:<base64 of 32 random bytes>' (first key is current)");
  }
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, i) => {
    const sep = entry.indexOf(":");
    const id = sep > 0 ? entry.slice(0, sep) : "";
    const b64 = sep > 0 ? entry.slice(sep + 1) : "";
    const where = `TOKEN_ENCRYPTION_KEYS entry ${i + 1}`;
    if (!KEY_ID.test(id)) {
      throw keyError(`${where} must look like '<keyId>:<base64>' with a key id of letters, digits, '_' or '-' (at most 32)`);
    }
    if (keys.has(id)) throw keyError(`${where}: key id '${id}' appears twice`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw keyError(`${where} (key '${id}') is not base64`);
    const key = Buffer.from(b64, "base64");
    if (key.length !== KEY_BYTES) {
      throw keyError(`${where} (key '${id}') decodes to ${key.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES}`);
    }
    keys.set(id, key);
  });
  const currentKeyId = entries[0]!.slice(0, entries[0]!.indexOf(":"));
  return { currentKeyId, keys };
}

/**
 * Encrypts with the current key. `context` is bound as additional authenticated data, so a
 * ciphertext copied into another column (access ↔ refresh) fails to decrypt.
 */
export function encrypt(ring: Keyring, plaintext: string, context: string): string {
  const key = ring.keys.get(ring.currentKeyId)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, ring.currentKeyId, iv.toString("base64"), tag.toString("base64"), ct.toString("base64")].join(":");
}

type Parsed = { keyId: string; iv: Buffer; tag: Buffer; ct: Buffer };

function parseEnvelope(envelope: string): Parsed {
  const parts = envelope.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw keyError("stored token is not a v1 encryption envelope; it cannot be decrypted");
  }
  const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
  return { keyId, iv: Buffer.from(iv, "base64"), tag: Buffer.from(tag, "base64"), ct: Buffer.from(ct, "base64") };
}

/** The key id a ciphertext was written with. */
export function keyIdOf(envelope: string): string {
  return parseEnvelope(envelope).keyId;
}

export function decrypt(ring: Keyring, envelope: string, context: string): string {
  const { keyId, iv, tag, ct } = parseEnvelope(envelope);
  const key = ring.keys.get(keyId);
  if (key === undefined) {
    throw keyError(
      `stored token was encrypted with key '${keyId}', which is not in TOKEN_ENCRYPTION_KEYS; add that key back (after the current one) or reconnect`,
    );
  }
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw keyError(`stored token envelope (key '${keyId}') is damaged`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    throw keyError(`stored token failed authentication under key '${keyId}': the key material changed or the row was altered`);
  }
}

/** True when the envelope is not written with the current key (a `rotate` candidate). */
export function needsRotation(ring: Keyring, envelope: string): boolean {
  return keyIdOf(envelope) !== ring.currentKeyId;
}
