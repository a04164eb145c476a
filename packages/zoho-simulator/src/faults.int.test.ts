import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "./simulator.ts";
import { cliq, refresh } from "./testing/sim-http.ts";
import type { Simulator } from "./types.ts";

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ limits: { perMinute: { messages: 1000, channels: 1000, channel: 1000 } } });
  token = sim.issueTokensForTest().accessToken;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.faults.clear();
  sim.resetCounters();
});

const channels = (signal?: AbortSignal) => cliq(sim, "/api/v2/channels?limit=1", token, signal ? { signal } : {});

describe("faults", () => {
  it("when latency is injected, then the answer is delayed and otherwise normal", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "latency", latencyMs: 120, times: 1 });
    const started = performance.now();
    const res = await channels();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(res.status).toBe(200);
  });

  it("when status5xx is injected for two requests, then two 5xx come back and then normal answers", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "status5xx", times: 2 });
    sim.faults.inject({ endpoint: "messages", kind: "status5xx", status: 500 });
    const a = await channels();
    expect(a.status).toBe(503);
    expect(a.text).toContain("Cliq server encountered an error");
    expect((await channels()).status).toBe(503);
    expect((await channels()).status).toBe(200);
    expect((await cliq(sim, "/api/v2/chats/x/messages", token)).status).toBe(500);
    expect(sim.counters().requests.channels).toBe(3);
  });

  it("when a timeout is injected, then the server never answers and the client's own timeout fires", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "timeout", times: 1 });
    await expect(channels(AbortSignal.timeout(150))).rejects.toThrow(/abort|timeout/i);
    expect((await channels()).status).toBe(200);
  });

  it("when a simulator holds a timed-out request, then close() still finishes promptly", async () => {
    const other = await startSimulator();
    const t = other.issueTokensForTest().accessToken;
    other.faults.inject({ endpoint: "any", kind: "timeout" });
    const pending = fetch(`${other.dataCentres.us!.cliqServer}/api/v2/channels`, { headers: { authorization: `Bearer ${t}` } }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("when malformedJson is injected, then a 200 with truncated JSON comes back", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "malformedJson", times: 1 });
    const res = await channels();
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("when errorBody200 is injected, then a 200 with {code: operation_failed} comes back", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "errorBody200", times: 1 });
    expect(await channels()).toMatchObject({ status: 200, body: { code: "operation_failed" } });
  });

  it("when htmlError is injected, then a 502 HTML page comes back", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "htmlError", times: 1 });
    const res = await channels();
    expect(res.status).toBe(502);
    expect(res.type).toContain("text/html");
    expect(res.text).toContain("<html>");
  });

  it("when throttle is injected, then the configured throttle answer comes back and is counted", async () => {
    sim.faults.inject({ endpoint: "channels", kind: "throttle", times: 1 });
    expect(await channels()).toMatchObject({ status: 400, body: { code: "request_limit_exceeded" } });
    expect(sim.counters().throttles.channels).toBe(1);
    sim.faults.inject({ endpoint: "token", kind: "throttle", times: 1 });
    const { refreshToken } = sim.issueTokensForTest();
    expect((await refresh(sim, refreshToken)).body.error).toBe("Access Denied");
    expect(sim.counters().throttles.token).toBe(1);
  });

  it("when unauthorized is injected, then a valid token still gets 401 oauthtoken_invalid", async () => {
    sim.faults.inject({ endpoint: "any", kind: "unauthorized", times: 1 });
    expect(await channels()).toMatchObject({ status: 401, body: { code: "oauthtoken_invalid" } });
    expect((await channels()).status).toBe(200);
  });

  it("when a fault has a rate, then the same requests fail in a rerun after clear()", async () => {
    const run = async () => {
      sim.faults.inject({ endpoint: "channels", kind: "status5xx", rate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await channels()).status);
      sim.faults.clear();
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503]));
  });
});
