import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_QUIRKS } from "./domain/quirks.ts";
import { generateOrg } from "./domain/generate-org.ts";
import { startSimulator } from "./simulator.ts";
import { cliq, type Json } from "./testing/sim-http.ts";
import type { SimChannel, SimMessage, Simulator } from "./types.ts";

let sim: Simulator;
let token: string;
const org = generateOrg({ seed: 31, channels: 2, messagesPerChannel: 30 });
const chatId = org.channels[0]?.chat_id as string;

beforeAll(async () => {
  sim = await startSimulator({ data: org, limits: { perMinute: { messages: 1000, channels: 1000, channel: 1000 } } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  token = sim.issueTokensForTest().accessToken;
  sim.setQuirks(DEFAULT_QUIRKS);
  sim.faults.clear();
});

async function admin(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: Json & { issues?: { path: string; message: string }[] } }> {
  const init: RequestInit = { method };
  if (body !== undefined || raw !== undefined) {
    init.body = raw ?? JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  const res = await fetch(`${sim.url}/_sim${path}`, init);
  return { status: res.status, body: (await res.json()) as Json };
}
const paths = (r: { body: { issues?: { path: string }[] } }) => (r.body.issues ?? []).map((i) => i.path);

describe("/_sim/quirks", () => {
  it("when read, then the current quirks come back; PUT and PATCH apply a partial and answer with the result", async () => {
    expect(await admin("GET", "/quirks")).toEqual({ status: 200, body: DEFAULT_QUIRKS });
    expect(await admin("PUT", "/quirks", { pageOrder: "desc" })).toEqual({ status: 200, body: { ...DEFAULT_QUIRKS, pageOrder: "desc" } });
    expect((await admin("PATCH", "/quirks", { bounds: "exclusive" })).body).toMatchObject({ pageOrder: "desc", bounds: "exclusive" });
    expect(sim.quirks()).toMatchObject({ pageOrder: "desc", bounds: "exclusive" });
    const data = (await cliq(sim, `/api/v2/chats/${chatId}/messages?limit=3`, token)).body.data as SimMessage[];
    expect(Number(data[0]?.time)).toBeGreaterThan(Number(data[2]?.time));
  });

  it("when the body has a bad value, an unknown key or is not JSON, then 400 names the problem and nothing changes", async () => {
    const bad = await admin("PUT", "/quirks", { pageOrder: "sideways", hiddenEntries: true });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "invalid_request" });
    expect(paths(bad)).toEqual(["pageOrder"]);
    expect(String(bad.body.message)).toContain("pageOrder");
    expect(paths(await admin("PATCH", "/quirks", { pageSize: 5 }))).toEqual(["(body)"]);
    expect(String((await admin("PATCH", "/quirks", { pageSize: 5 })).body.message)).toContain("pageSize");
    expect(await admin("PATCH", "/quirks", undefined, "{nope")).toMatchObject({ status: 400, body: { code: "invalid_request", issues: [{ path: "(body)" }] } });
    expect(sim.quirks()).toEqual(DEFAULT_QUIRKS);
  });
});

describe("/_sim/limits", () => {
  it("when patched, then the limits change and the answer shows them; a bad patch is a 400 naming the field", async () => {
    const ok = await admin("PATCH", "/limits", { throttleStatus: 429, perMinute: { channel: 999 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ throttleStatus: 429, perMinute: { messages: 1000, channels: 1000, channel: 999 } });
    expect((await admin("GET", "/limits")).body).toEqual(sim.limits());
    const bad = await admin("PATCH", "/limits", { throttleStatus: 503, perMinute: { messages: 0 } });
    expect(bad.status).toBe(400);
    expect(paths(bad).sort()).toEqual(["perMinute.messages", "throttleStatus"]);
    expect(sim.limits().throttleStatus).toBe(429);
    await admin("PATCH", "/limits", { throttleStatus: 400 });
  });
});

describe("/_sim/chats/{chat_id}/messages", () => {
  it("when explicit messages are posted, then they become the newest and the channel counts them", async () => {
    const before = sim.messages(chatId).length;
    const res = await admin("POST", `/chats/${chatId}/messages`, [{ text: "hello from curl" }, { text: "second", sender: "55743307" }]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ chat_id: chatId, added: 2, hidden: 0 });
    const newest = (await cliq(sim, `/api/v2/chats/${chatId}/messages?limit=2`, token)).body.data as SimMessage[];
    expect(newest.map((m) => [m.content.text, m.sender.name])).toEqual([["hello from curl", "Scott Fisher"], ["second", "John Doe"]]);
    expect(newest.map((m) => m.id)).toEqual(res.body.ids);
    expect(sim.messages(chatId)).toHaveLength(before + 2);
    const ch = (await cliq(sim, `/api/v2/channels/${org.channels[0]?.channel_id}`, token)).body as SimChannel;
    expect(ch.total_message_count).toBe(res.body.total_message_count);
    expect(ch.last_message_info?.text).toBe("second");
  });

  it("when a given time or sender object is posted, then the message carries them", async () => {
    const at = sim.clock.now() - 3_600_000;
    const res = await admin("POST", `/chats/${chatId}/messages`, [{ text: "back-dated", time: at, sender: { id: "b-1", name: "Bot" } }]);
    expect(res.status).toBe(201);
    const got = sim.messages(chatId).find((m) => m.id === (res.body.ids as string[])[0]);
    expect(got).toMatchObject({ time: at, sender: { id: "b-1", name: "Bot" }, content: { text: "back-dated" } });
  });

  it("when {generate: n} is posted, then n generated messages (and hidden entries) end at now", async () => {
    const before = sim.messages(chatId).length;
    const res = await admin("POST", `/chats/${chatId}/messages`, { generate: 300 });
    expect(res.status).toBe(201);
    expect(res.body.added).toBe(300);
    expect(res.body.hidden).toBeGreaterThan(0);
    expect(sim.messages(chatId)).toHaveLength(before + 300);
    expect(sim.hiddenEntries(chatId)).toHaveLength(Number(res.body.hidden));
    expect((await admin("POST", `/chats/${chatId}/messages`, { generate: 5, hiddenRate: 0 })).body).toMatchObject({ added: 5, hidden: 0 });
  });

  it("when the body is wrong or the chat unknown, then 400 or 404 names the problem and nothing is appended", async () => {
    const before = sim.messages(chatId).length;
    expect(paths(await admin("POST", `/chats/${chatId}/messages`, [{ text: "ok" }, { text: "" }]))).toEqual(["1.text"]);
    expect(paths(await admin("POST", `/chats/${chatId}/messages`, [{ text: "ok" }, { text: "x", sender: "nobody" }]))).toEqual(["1.sender"]);
    expect(paths(await admin("POST", `/chats/${chatId}/messages`, [{ text: "x", when: 1 }]))).toEqual(["0"]);
    expect(paths(await admin("POST", `/chats/${chatId}/messages`, { generate: 0 }))).toEqual(["generate"]);
    const neither = await admin("POST", `/chats/${chatId}/messages`, { text: "not in an array" });
    expect(neither.status).toBe(400);
    expect(String(neither.body.message)).toContain("{generate: n}");
    expect(await admin("POST", "/chats/CT_nope/messages", [{ text: "x" }])).toMatchObject({ status: 404, body: { code: "request_url_invalid" } });
    expect(sim.messages(chatId)).toHaveLength(before);
  });
});

describe("/_sim/throttle, /_sim/revoke, /_sim/faults", () => {
  it("when an endpoint is throttled now, then it gets the throttle answer while others work; lockMs 0 lifts it; a bad endpoint is a 400", async () => {
    const res = await admin("POST", "/throttle", { endpoint: "messages", lockMs: 60_000 });
    expect(res).toMatchObject({ status: 200, body: { endpoint: "messages" } });
    expect(await cliq(sim, `/api/v2/chats/${chatId}/messages`, token)).toMatchObject({ status: 400, body: { code: "request_limit_exceeded" } });
    expect((await cliq(sim, "/api/v2/channels", token)).status).toBe(200);
    await admin("POST", "/throttle", { endpoint: "messages", lockMs: 0 });
    expect((await cliq(sim, `/api/v2/chats/${chatId}/messages`, token)).status).toBe(200);
    expect(paths(await admin("POST", "/throttle", { endpoint: "token" }))).toEqual(["endpoint"]);
    expect(paths(await admin("POST", "/throttle", { endpoint: "channels", lockMs: -5 }))).toEqual(["lockMs"]);
  });

  it("when tokens are revoked, then the old access token gets 401", async () => {
    expect(await admin("POST", "/revoke")).toEqual({ status: 200, body: { revoked: true } });
    expect((await cliq(sim, "/api/v2/channels", token)).status).toBe(401);
  });

  it("when a fault is injected, then the next request gets it; DELETE clears faults; a bad rule is a 400 naming the field", async () => {
    expect((await admin("POST", "/faults", { endpoint: "channels", kind: "status5xx", times: 1 })).status).toBe(200);
    expect((await cliq(sim, "/api/v2/channels", token)).status).toBe(503);
    expect((await cliq(sim, "/api/v2/channels", token)).status).toBe(200);
    await admin("POST", "/faults", { endpoint: "channels", kind: "errorBody200" });
    expect(await admin("DELETE", "/faults")).toEqual({ status: 200, body: { cleared: true } });
    expect((await cliq(sim, "/api/v2/channels", token)).body).toHaveProperty("channels");
    expect(paths(await admin("POST", "/faults", { endpoint: "channels", kind: "latency" }))).toEqual(["latencyMs"]);
    expect(paths(await admin("POST", "/faults", { endpoint: "everything", kind: "timeout" }))).toEqual(["endpoint"]);
  });
});

describe("index", () => {
  it("when GET / is read, then it lists the admin routes and the current quirks; /_sim/counters still answers", async () => {
    const index = (await (await fetch(`${sim.url}/`)).json()) as { admin: string[]; quirks: unknown };
    expect(index.admin.some((r) => r.includes("/_sim/quirks"))).toBe(true);
    expect(index.admin.some((r) => r.includes("/_sim/chats/{chat_id}/messages"))).toBe(true);
    expect(index.quirks).toEqual(sim.quirks());
    expect((await admin("GET", "/counters")).body).toEqual(sim.counters());
  });
});
