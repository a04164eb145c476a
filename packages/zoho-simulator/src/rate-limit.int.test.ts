import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateOrg } from "./domain/generate-org.ts";
import { startSimulator } from "./simulator.ts";
import { cliq } from "./testing/sim-http.ts";
import type { Simulator } from "./types.ts";

let sim: Simulator;
const data = generateOrg({ seed: 5, channels: 2, messagesPerChannel: 5 });
const chatId = data.channels[0]!.chat_id as string;

beforeAll(async () => {
  // a frozen clock (only advance() moves it) and limits scaled down as benches do: 15 per 3 s, 5 s lock
  const frozen = Date.UTC(2026, 0, 1);
  sim = await startSimulator({ data, now: () => frozen, limits: { windowMs: 3_000, lockMs: 5_000 } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.setLimits({ throttleStatus: 400 });
  sim.resetCounters();
  // a fresh window and no lock left over from the previous test
  sim.clock.advance(10_000);
});

const messages = (token: string, on: Simulator = sim) => cliq(on, `/api/v2/chats/${chatId}/messages?limit=1`, token);

describe("per-user endpoint limits", () => {
  it("when the 16th messages request in a window arrives, then it and every request during the lock get 400 request_limit_exceeded", async () => {
    sim.clock.set(Math.ceil(sim.clock.now() / 3_000) * 3_000); // start of a window
    const { accessToken } = sim.issueTokensForTest();
    for (let i = 0; i < 15; i++) expect((await messages(accessToken)).status).toBe(200);
    const throttled = await messages(accessToken);
    expect(throttled).toMatchObject({ status: 400, body: { code: "request_limit_exceeded", message: "You have exceeded the URL throttle limits." } });
    // the next window has begun, but the lock still holds
    sim.clock.advance(4_999);
    expect((await messages(accessToken)).status).toBe(400);
    sim.clock.advance(1);
    expect((await messages(accessToken)).status).toBe(200);
    expect(sim.counters().requests.messages).toBe(18);
    expect(sim.counters().throttles.messages).toBe(2);
  });

  it("when a user holds several tokens, then they share one budget; other endpoint classes keep theirs", async () => {
    sim.clock.set(Math.ceil(sim.clock.now() / 3_000) * 3_000);
    const a = sim.issueTokensForTest().accessToken;
    const b = sim.issueTokensForTest().accessToken;
    for (let i = 0; i < 15; i++) await messages(i % 2 === 0 ? a : b);
    expect((await messages(b)).status).toBe(400);
    expect((await cliq(sim, "/api/v2/channels", a)).status).toBe(200);
    expect(sim.counters().throttles).toEqual({ messages: 1, channels: 0, channel: 0, token: 0 });
  });

  it("when throttleStatus is 429, then the documented 429 body comes back", async () => {
    sim.setLimits({ throttleStatus: 429, perMinute: { messages: 1, channels: 30, channel: 30 } });
    try {
      sim.clock.set(Math.ceil(sim.clock.now() / 3_000) * 3_000);
      const { accessToken } = sim.issueTokensForTest();
      await messages(accessToken);
      const throttled = await messages(accessToken);
      expect(throttled.status).toBe(429);
      expect(throttled.body).toEqual({ message: "Too many requests within a certain time frame." });
    } finally {
      sim.setLimits({ perMinute: { messages: 15, channels: 30, channel: 30 } });
    }
  });

  it("when windows pass in real time (bench mode), then the budget refills without advancing the clock", async () => {
    const windowMs = 500;
    const live = await startSimulator({ data, limits: { windowMs, lockMs: 0, perMinute: { messages: 2 } } });
    const nextWindow = () => new Promise((r) => setTimeout(r, windowMs - (live.clock.now() % windowMs) + 5));
    try {
      const { accessToken } = live.issueTokensForTest();
      await nextWindow();
      const burst = [];
      for (let i = 0; i < 3; i++) burst.push((await messages(accessToken, live)).status);
      expect(burst).toEqual([200, 200, 400]);
      await nextWindow();
      expect((await messages(accessToken, live)).status).toBe(200);
    } finally {
      await live.close();
    }
  });
});
