// Every injected simulator fault on every Cliq endpoint, plus dead and dropping servers: each
// must surface as the exact typed error a service branches on, never a crash (doc §3).
import net from "node:net";
import { generateOrg, type SimChannel } from "@cliq/zoho-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZohoClient } from "./client.ts";
import {
  type ZohoError,
  ZohoMalformedResponseError,
  ZohoThrottledError,
  ZohoTokenInvalidError,
  ZohoTransientError,
  classifyZohoError,
} from "./errors.ts";
import { type Fixture, rejectionOf, startFixture } from "./testing/sim-fixture.ts";

const org = generateOrg({ seed: 3, channels: 3, messagesPerChannel: 20 });
const channel = org.channels[0] as SimChannel;
const TIMEOUT_MS = 400;

let fx: Fixture;
let accessToken: string;
beforeAll(async () => {
  fx = await startFixture({ data: org, limits: { perMinute: { messages: 10_000, channels: 10_000, channel: 10_000 } } }, { timeoutMs: TIMEOUT_MS });
  accessToken = fx.sim.issueTokensForTest().accessToken;
});
afterAll(async () => {
  await fx.close();
});

type Endpoint = "messages" | "channels" | "channel";
const ENDPOINTS: Endpoint[] = ["messages", "channels", "channel"];

function call(endpoint: Endpoint, cliqServer = fx.us.cliqServer, client = fx.client): Promise<unknown> {
  const p = { cliqServer, accessToken };
  if (endpoint === "messages") return client.getMessages({ ...p, chatId: channel.chat_id as string, limit: 5 });
  if (endpoint === "channels") return client.listChannels(p);
  return client.getChannel({ ...p, channelId: channel.channel_id });
}

async function faulted(endpoint: Endpoint, rule: Omit<Parameters<Fixture["sim"]["faults"]["inject"]>[0], "endpoint">): Promise<ZohoError> {
  fx.sim.faults.clear();
  fx.sim.faults.inject({ ...rule, endpoint, times: 1 });
  const err = await rejectionOf(call(endpoint));
  fx.sim.faults.clear();
  return err as ZohoError;
}

describe.each(ENDPOINTS)("faults on %s", (endpoint) => {
  it("when latency stays within the timeout, then the call succeeds", async () => {
    fx.sim.faults.inject({ endpoint, kind: "latency", latencyMs: 150, times: 1 });
    await expect(call(endpoint)).resolves.toBeTruthy();
  });

  it("when latency exceeds the timeout, then ZohoTransientError (timed out, no status)", async () => {
    const err = await faulted(endpoint, { kind: "latency", latencyMs: TIMEOUT_MS + 400 });
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status: null, zohoCode: null, endpoint, retryable: true });
    expect(err.message).toBe(`Zoho ${endpoint} request timed out after ${TIMEOUT_MS} ms`);
  });

  it("when the server never answers, then ZohoTransientError after the timeout with the cause kept", async () => {
    const started = Date.now();
    const err = await faulted(endpoint, { kind: "timeout" });
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status: null, endpoint });
    expect(err.cause).toBeDefined();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it.each([500, 503])("when Cliq answers %i, then ZohoTransientError with that status", async (status) => {
    const err = await faulted(endpoint, { kind: "status5xx", status });
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status, zohoCode: "internal_server_error", endpoint, retryable: true });
    expect(classifyZohoError(err)).toBe("transient");
  });

  it("when the JSON is truncated, then ZohoMalformedResponseError saying so", async () => {
    const err = await faulted(endpoint, { kind: "malformedJson" });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect(err).toMatchObject({ status: 200, zohoCode: null, endpoint, retryable: false });
    expect(err.message).toMatch(new RegExp(`^${endpoint} response: body is not valid JSON \\(truncated at \\d+ characters\\)$`));
    expect(classifyZohoError(err)).toBe("malformed");
  });

  it("when HTTP 200 carries {code: operation_failed}, then ZohoMalformedResponseError naming the code", async () => {
    const err = await faulted(endpoint, { kind: "errorBody200" });
    expect(err).toBeInstanceOf(ZohoMalformedResponseError);
    expect(err).toMatchObject({ status: 200, zohoCode: "operation_failed", endpoint });
    expect(err.message).toBe(`${endpoint} response: HTTP 200 with an error body (operation_failed)`);
  });

  it("when an HTML error page comes back (502), then ZohoTransientError", async () => {
    const err = await faulted(endpoint, { kind: "htmlError" });
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status: 502, zohoCode: null, endpoint });
  });

  it("when throttled, then ZohoThrottledError with the default lock (no Retry-After from Zoho)", async () => {
    const err = await faulted(endpoint, { kind: "throttle" });
    expect(err).toBeInstanceOf(ZohoThrottledError);
    expect(err).toMatchObject({ status: 400, zohoCode: "request_limit_exceeded", lockMs: 600_000, endpoint });
  });

  it("when the token is rejected, then ZohoTokenInvalidError", async () => {
    const err = await faulted(endpoint, { kind: "unauthorized" });
    expect(err).toBeInstanceOf(ZohoTokenInvalidError);
    expect(err).toMatchObject({ status: 401, zohoCode: "oauthtoken_invalid", endpoint });
  });
});

describe("partial faults and dead servers", () => {
  it("when a fault fires at a rate, then only the hit calls fail and the rest succeed", async () => {
    fx.sim.faults.inject({ endpoint: "any", kind: "status5xx", rate: 0.5 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => call("channels")));
    fx.sim.faults.clear();
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(10);
    for (const f of failed) expect((f as PromiseRejectedResult).reason).toBeInstanceOf(ZohoTransientError);
  });

  it("when nothing listens on the port, then ZohoTransientError naming ECONNREFUSED", async () => {
    const port = await freePort();
    const err = await rejectionOf(call("channels", `http://127.0.0.1:${port}`));
    expect(err).toBeInstanceOf(ZohoTransientError);
    expect(err).toMatchObject({ status: null, endpoint: "channels" });
    expect(err.message).toBe("Zoho channels request failed: network error ECONNREFUSED");
  });

  it("when the server drops the connection, then ZohoTransientError", async () => {
    const server = net.createServer((socket) => socket.once("data", () => socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const client = createZohoClient({ timeoutMs: 2_000 });
    try {
      const err = await rejectionOf(call("messages", `http://127.0.0.1:${port}`, client));
      expect(err).toBeInstanceOf(ZohoTransientError);
      expect(err.message).toMatch(/^Zoho messages request failed: network error (UND_ERR_SOCKET|ECONNRESET)$/);
    } finally {
      await client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
