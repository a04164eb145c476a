// Renewal under trouble: transient failures back off and retry, Zoho's throttle is respected,
// our own budget keeps us below Zoho's lock, and a rejected token version is replaced once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { admin, backendUser, connectViaRedirect, rejection, startHarness, waitFor, type Harness, type Instance } from "./testing/harness.ts";

const MIN = 60_000;
let h: Harness;
let instance: Instance;

beforeAll(async () => {
  h = await startHarness();
  instance = await h.startInstance();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.faults.clear();
  h.sim.resetCounters();
  const s = await h.commands.request("authStatus", { actor: admin });
  if (s.state !== "disconnected") await h.commands.request("authDisconnect", { actor: admin });
  await connectViaRedirect(h, "us");
});

const status = () => h.commands.request("authStatus", { actor: admin });
const grants = () => h.sim.counters().tokenGrants.refresh_token;

describe("automatic renewal", () => {
  it("when Zoho accounts fails once, then the timer backs off, hands out the still-valid token meanwhile, and retries", async () => {
    const v = (await status()).tokenVersion!;
    h.sim.faults.inject({ endpoint: "token", kind: "status5xx", times: 1 });
    h.sim.clock.advance(51 * MIN);
    const failing = await waitFor(async () => {
      const s = await status();
      return s.lastRefreshError !== null ? s : undefined;
    }, "a recorded refresh failure");
    expect(failing).toMatchObject({ connected: true, state: "connected", tokenVersion: v });
    expect(failing.action).toMatch(/retried automatically from/);
    expect((await h.commands.request("authTokenGet", {})).version).toBe(v);
    h.sim.clock.advance(6_000); // past the first backoff step (5 s)
    const healed = await waitFor(async () => {
      const s = await status();
      return s.tokenVersion === v + 1 ? s : undefined;
    }, "the retried refresh");
    expect(healed).toMatchObject({ lastRefreshError: null, action: null });
  });

  it("when the token has expired and Zoho accounts is down, then token.get says zoho_unavailable instead of handing out a dead token", async () => {
    h.sim.faults.inject({ endpoint: "token", kind: "status5xx", times: 10 });
    h.sim.clock.advance(61 * MIN);
    expect((await rejection(h.commands.request("authTokenGet", {}))).code).toBe("zoho_unavailable");
    h.sim.faults.clear();
    h.sim.clock.advance(10 * MIN); // well past any backoff
    await waitFor(async () => ((await status()).lastRefreshError === null ? true : undefined), "recovery");
    expect((await h.commands.request("authTokenGet", {})).version).toBeGreaterThan(1);
  });

  it("when Zoho throttles the token endpoint, then nobody asks again before the lock ends and the current token is handed out meanwhile", async () => {
    const v = (await status()).tokenVersion!;
    h.sim.faults.inject({ endpoint: "token", kind: "throttle", times: 1 });
    h.sim.clock.advance(51 * MIN); // due: the timer asks and is throttled
    const throttled = await waitFor(async () => {
      const s = await status();
      return s.lastRefreshError !== null ? s : undefined;
    }, "the throttled refresh");
    expect(throttled.lastRefreshError).toMatch(/too many requests/);
    const calls = h.sim.counters().requests.token;
    expect((await h.commands.request("authTokenGet", {})).version).toBe(v);
    await new Promise((r) => setTimeout(r, 300)); // timer ticks inside the lock
    expect(h.sim.counters().requests.token).toBe(calls);
    h.sim.clock.advance(5 * MIN); // still inside Zoho's 10-minute lock, token not yet expired
    expect((await h.commands.request("authTokenGet", {})).version).toBe(v);
    expect(h.sim.counters().requests.token).toBe(calls);
    h.sim.clock.advance(5 * MIN + 1_000);
    await waitFor(async () => ((await status()).tokenVersion === v + 1 ? true : undefined), "renewal after the lock");
  });
});

describe("a configuration fault", () => {
  it("when the client secret is wrong at refresh time, then refresh says oauth_client_invalid, the grant is kept and the still-valid token is handed out", async () => {
    const v = (await status()).tokenVersion!;
    await instance.close();
    const wrong = await h.startInstance({ env: { ZOHO_CLIENT_SECRET: "rotated-by-mistake" } });
    try {
      expect((await rejection(h.commands.request("authRefresh", { actor: admin }))).code).toBe("oauth_client_invalid");
      h.sim.clock.advance(51 * MIN);
      expect((await h.commands.request("authTokenGet", {})).version).toBe(v);
      const s = await status();
      expect(s).toMatchObject({ connected: true, state: "connected" });
      expect(s.lastRefreshError).toContain("ZOHO_CLIENT_SECRET");
    } finally {
      await wrong.close();
      instance = await h.startInstance();
    }
    h.sim.clock.advance(MIN); // past the failure backoff
    await waitFor(async () => ((await status()).tokenVersion === v + 1 ? true : undefined), "renewal with the right secret");
  });
});

describe("manual refresh and the budget", () => {
  it("when refresh is asked for over and over, then the 9th in 10 minutes is refused locally and Zoho never locks us out", async () => {
    const before = grants();
    for (let i = 0; i < 8; i++) await h.commands.request("authRefresh", { actor: admin });
    expect(grants()).toBe(before + 8);
    const calls = h.sim.counters().requests.token;
    const err = await rejection(h.commands.request("authRefresh", { actor: admin }));
    expect(err.code).toBe("token_refresh_throttled");
    expect(err.message).toMatch(/8 times in the last 10 minutes/);
    expect(h.sim.counters().requests.token).toBe(calls);
    expect(h.sim.counters().throttles.token).toBe(0);
    h.sim.clock.advance(10 * MIN + 1);
    const r = await h.commands.request("authRefresh", { actor: admin });
    expect(r.version).toBeGreaterThan(8);
  });

  it("when a backend user asks for a refresh, then it is forbidden", async () => {
    expect((await rejection(h.commands.request("authRefresh", { actor: backendUser }))).code).toBe("forbidden");
  });
});

describe("token.get for a rejected token", () => {
  it("when a caller reports its token version as rejected, then it gets a newer one, and a repeat report does not refresh again", async () => {
    const t = await h.commands.request("authTokenGet", {});
    const before = grants();
    const [a, b] = await Promise.all([
      h.commands.request("authTokenGet", { invalidVersion: t.version }),
      h.commands.request("authTokenGet", { invalidVersion: t.version }),
    ]);
    expect(a.version).toBe(t.version + 1);
    expect(b.version).toBe(t.version + 1);
    expect(a.accessToken).not.toBe(t.accessToken);
    expect((await h.commands.request("authTokenGet", { invalidVersion: t.version })).version).toBe(t.version + 1);
    expect(grants()).toBe(before + 1);
  });

  it("when a caller needs more validity than is left, then the token is refreshed first", async () => {
    h.sim.clock.advance(40 * MIN); // 20 minutes left: outside the 10-minute margin
    const t = await h.commands.request("authTokenGet", {});
    const longer = await h.commands.request("authTokenGet", { minValidityMs: 25 * MIN });
    expect(longer.version).toBe(t.version + 1);
    expect(Date.parse(longer.expiresAt) - h.sim.clock.now()).toBeGreaterThan(55 * MIN);
  });
});
