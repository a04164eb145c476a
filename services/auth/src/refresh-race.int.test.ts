// Single-flight refresh across replicas: a burst of token requests spread over two auth
// processes costs Zoho exactly one token call. One replica is a real second OS process running
// src/main.ts; the other lives in the test process.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectViaRedirect, rejection, startHarness, waitFor, type Harness, type Instance } from "./testing/harness.ts";
import { spawnAuthService, type ChildService } from "./testing/child-service.ts";

const NO_TIMER = { TOKEN_REFRESH_CHECK_INTERVAL_MS: "600000" };
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Moves the stored expiry inside the margin, as if 55 minutes had passed for every replica. */
async function makeTokenDue(): Promise<number> {
  await h.testDb.pool.query("UPDATE zoho_auth SET expires_at = $1", [new Date(h.sim.clock.now() + 60_000)]);
  return (await h.testDb.pool.query("SELECT token_version AS v FROM zoho_auth")).rows[0].v as number;
}

describe("single-flight refresh", () => {
  let instances: Instance[] = [];
  afterEach(async () => {
    for (const i of instances) await i.close();
    instances = [];
  });

  it("when 50 requests hit two in-process replicas at once, then Zoho sees one refresh and everyone gets the new version", async () => {
    instances = [await h.startInstance({ env: NO_TIMER }), await h.startInstance({ env: NO_TIMER })];
    const admin = { userId: "admin-1", roles: ["super_admin"] };
    const st = await h.commands.request("authStatus", { actor: admin });
    if (st.state === "disconnected") await connectViaRedirect(h, "us");
    const v = await makeTokenDue();
    const before = h.sim.counters().tokenGrants.refresh_token;
    h.sim.faults.inject({ endpoint: "token", kind: "latency", latencyMs: 300, times: 1 });
    const results = await Promise.all([
      ...Array.from({ length: 30 }, () => h.commands.request("authTokenGet", {})),
      ...instances.flatMap((i) => Array.from({ length: 10 }, () => i.service.tokens.getToken())),
    ]);
    expect(h.sim.counters().tokenGrants.refresh_token).toBe(before + 1);
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([v + 1]));
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
  });
});

describe("a real second process", () => {
  let child: ChildService | null = null;
  afterEach(async () => {
    if (child !== null) await child.stop();
    child = null;
  });

  it("when 25 requests go to a child process and 25 to this one at once, then Zoho sees exactly one refresh", async () => {
    const inProcess = await h.startInstance({ env: NO_TIMER, serve: false });
    try {
      child = spawnAuthService(h.env({ ...NO_TIMER, LOG_LEVEL: "warn" }));
      // The child is the only responder on NATS: wait until it answers.
      await waitFor(async () => {
        try {
          return await h.commands.request("authStatus", { actor: { userId: "a", roles: ["super_admin"] } }, { timeoutMs: 1_000 });
        } catch {
          return undefined;
        }
      }, `the child auth process to serve (output so far: ${child.output()})`, 30_000);
      const st = await h.commands.request("authStatus", { actor: { userId: "a", roles: ["super_admin"] } });
      if (st.state === "disconnected") await connectViaRedirect(h, "eu");
      const v = await makeTokenDue();
      const before = h.sim.counters().tokenGrants.refresh_token;
      h.sim.faults.inject({ endpoint: "token", kind: "latency", latencyMs: 300, times: 1 });
      const results = await Promise.all([
        ...Array.from({ length: 25 }, () => h.commands.request("authTokenGet", {})),
        ...Array.from({ length: 25 }, () => inProcess.service.tokens.getToken()),
      ]);
      expect(h.sim.counters().tokenGrants.refresh_token).toBe(before + 1);
      expect(new Set(results.map((r) => r.version))).toEqual(new Set([v + 1]));
      expect(await child.stop()).toBe(0);
      expect(child.output()).not.toMatch(/1000\.[0-9a-f]{8}/);
    } finally {
      await inProcess.close();
    }
  });

  it("when the encryption key has the wrong length, then the process stops at once with a message naming the problem", async () => {
    const shortKey = Buffer.alloc(16, 7).toString("base64");
    child = spawnAuthService(h.env({ TOKEN_ENCRYPTION_KEYS: `k1:${shortKey}` }));
    expect(await child.exited).toBe(78);
    expect(child.output()).toContain("TOKEN_ENCRYPTION_KEYS");
    expect(child.output()).toContain("decodes to 16 bytes; AES-256-GCM needs exactly 32");
    expect(child.output()).not.toContain(shortKey);
  });

  it("when the encryption key is missing, then the process says it is required", async () => {
    const env = h.env();
    delete env.TOKEN_ENCRYPTION_KEYS;
    child = spawnAuthService(env);
    expect(await child.exited).toBe(78);
    expect(child.output()).toContain("TOKEN_ENCRYPTION_KEYS is required");
    // Still no auth responder: a caller gets a clear "unavailable", not a hang.
    expect((await rejection(h.commands.request("authTokenGet", {}, { timeoutMs: 1_000 }))).code).toMatch(/service_unavailable|timeout/);
  });
});
