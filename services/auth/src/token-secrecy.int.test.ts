// Tokens at rest and in logs: the raw rows hold only AES-GCM envelopes, no log line carries a
// token, and keys rotate without downtime.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@cliq/runtime";
import { admin, connectViaRedirect, newKey, rejection, startHarness, type Harness } from "./testing/harness.ts";

const ZOHO_TOKEN = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/;
const k1 = newKey("k1");
const k2 = newKey("k2");
const lines: string[] = [];
let h: Harness;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  h = await startHarness({ keys: k1, logger: createLogger({ service: "auth-test", level: "debug", destination }) });
});
afterAll(async () => {
  await h?.close();
});

async function rawRow(): Promise<Record<string, unknown>> {
  return (await h.testDb.pool.query("SELECT * FROM zoho_auth")).rows[0] as Record<string, unknown>;
}

describe("tokens at rest", () => {
  it("when connected and refreshed, then the raw rows and every log line are free of token text", async () => {
    const instance = await h.startInstance();
    try {
      const { url, state } = await h.commands.request("authAuthorizeUrl", { actor: admin });
      await connectViaRedirect(h);
      await h.commands.request("authRefresh", { actor: admin });
      const t = await h.commands.request("authTokenGet", {});
      expect(t.accessToken).toMatch(ZOHO_TOKEN);
      const row = await rawRow();
      const text = JSON.stringify(row);
      expect(text).not.toContain(t.accessToken);
      expect(text).not.toMatch(ZOHO_TOKEN);
      expect(text).not.toContain(h.sim.clientSecret);
      expect(row.access_token_enc).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(row.refresh_token_enc).toMatch(/^v1:k1:/);
      expect(row.key_id).toBe("k1");
      const states = JSON.stringify((await h.testDb.pool.query("SELECT * FROM zoho_oauth_states")).rows);
      expect(states).not.toContain(state);
      expect(url).toContain(state);
      const logs = lines.join("");
      expect(logs).toContain("access token refreshed");
      expect(logs).not.toMatch(ZOHO_TOKEN);
      expect(logs).not.toContain(state);
      expect(logs).not.toContain(h.sim.clientSecret);
    } finally {
      await instance.close();
    }
  });
});

describe("key rotation", () => {
  it("when a new key is put first, then old ciphertexts still decrypt and rotate re-encrypts them under the new key", async () => {
    const before = await h.startInstance({ env: { TOKEN_ENCRYPTION_KEYS: k1 } });
    const token = (await h.commands.request("authTokenGet", {})).accessToken;
    await before.close();

    const both = await h.startInstance({ env: { TOKEN_ENCRYPTION_KEYS: `${k2},${k1}` } });
    try {
      expect((await h.commands.request("authTokenGet", {})).accessToken).toBe(token);
      expect((await h.commands.request("authStatus", { actor: admin })).action).toBeNull();
      expect(await h.commands.request("authRotate", { actor: admin })).toEqual({ reencrypted: 1, keyId: "k2" });
      const row = await rawRow();
      expect(row.key_id).toBe("k2");
      expect(row.access_token_enc).toMatch(/^v1:k2:/);
      expect(row.refresh_token_enc).toMatch(/^v1:k2:/);
      expect(await h.commands.request("authRotate", { actor: admin })).toEqual({ reencrypted: 0, keyId: "k2" });
    } finally {
      await both.close();
    }

    const onlyNew = await h.startInstance({ env: { TOKEN_ENCRYPTION_KEYS: k2 } });
    try {
      expect((await h.commands.request("authTokenGet", {})).accessToken).toBe(token);
    } finally {
      await onlyNew.close();
    }
  });

  it("when the key that wrote the tokens is no longer configured, then token.get says encryption_key_invalid naming the key and status says what to do", async () => {
    const onlyOld = await h.startInstance({ env: { TOKEN_ENCRYPTION_KEYS: k1 } });
    try {
      const err = await rejection(h.commands.request("authTokenGet", {}));
      expect(err.code).toBe("encryption_key_invalid");
      expect(err.message).toContain("'k2'");
      const status = await h.commands.request("authStatus", { actor: admin });
      expect(status.action).toContain("'k2'");
      expect(status.action).toContain("TOKEN_ENCRYPTION_KEYS");
    } finally {
      await onlyOld.close();
    }
  });

  it("when a stored ciphertext was altered, then token.get fails authentication and the service keeps answering", async () => {
    const instance = await h.startInstance({ env: { TOKEN_ENCRYPTION_KEYS: k2 } });
    try {
      const row = await rawRow();
      const parts = String(row.access_token_enc).split(":");
      parts[4] = Buffer.from("tampered").toString("base64");
      await h.testDb.pool.query("UPDATE zoho_auth SET access_token_enc = $1", [parts.join(":")]);
      const err = await rejection(h.commands.request("authTokenGet", {}));
      expect(err.code).toBe("encryption_key_invalid");
      expect(err.message).toMatch(/failed authentication/);
      expect((await h.commands.request("authStatus", { actor: admin })).connected).toBe(true);
      // A refresh rewrites the access token from the (intact) refresh token.
      await h.commands.request("authRefresh", { actor: admin });
      expect((await h.commands.request("authTokenGet", {})).accessToken).toMatch(ZOHO_TOKEN);
    } finally {
      await instance.close();
    }
  });
});
