import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectNats, createCommandClient, createLogger, createPublisher, provisionStreams, serveCommands, type CommandServer, type NatsConnection } from "@cliq/runtime";
import { deleteStreams, NATS_URL, uniqueId } from "@cliq/testkit";
import { createTokenProvider } from "./tokens.ts";

const logger = createLogger({ service: "tokens-test", level: "silent" });
let nc: NatsConnection;
let server: CommandServer;
const prefix = uniqueId("tk");
let version = 1;
let gets = 0;
let refreshes = 0;

beforeAll(async () => {
  nc = await connectNats({ url: NATS_URL, name: "tokens-test", logger });
  await provisionStreams(nc, prefix);
  server = serveCommands({
    nc,
    prefix,
    logger,
    handlers: {
      // As auth does: a reported invalid version at or above the current one refreshes first.
      authTokenGet: async ({ invalidVersion }) => {
        gets++;
        if (invalidVersion !== undefined && invalidVersion >= version) {
          refreshes++;
          await new Promise((r) => setTimeout(r, 50));
          version++;
        }
        return { accessToken: `1000.tok${version}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), version, cliqServer: "http://127.0.0.1:1/cliq", location: "us" };
      },
    },
  });
});
afterAll(async () => {
  await server.stop();
  await deleteStreams(nc, prefix);
  await nc.drain();
});

describe("token provider", () => {
  it("when a token is still valid, then it is served from the cache, and token.refreshed drops the cache", async () => {
    const tokens = createTokenProvider({ commands: createCommandClient({ nc, prefix }), nc, prefix, logger });
    await nc.flush();
    const before = gets;
    const a = await tokens.get();
    await tokens.get();
    expect(gets - before).toBe(1);
    version++;
    await createPublisher({ nc, prefix, source: "test", logger }).publish("tokenRefreshed", { version, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), location: "us" });
    await new Promise((r) => setTimeout(r, 100));
    const b = await tokens.get();
    expect(b.version).toBe(a.version + 1);
    expect(gets - before).toBe(2);
    tokens.stop();
  });

  it("when many runs hit a 401 with the same token at once, then auth is asked to refresh once and all get the new token", async () => {
    const tokens = createTokenProvider({ commands: createCommandClient({ nc, prefix }), nc, prefix, logger });
    const rejected = await tokens.get();
    const before = refreshes;
    const fresh = await Promise.all(Array.from({ length: 8 }, () => tokens.refreshAfterRejection(rejected)));
    expect(refreshes - before).toBe(1);
    expect(new Set(fresh.map((t) => t.accessToken)).size).toBe(1);
    expect(fresh[0]!.accessToken).not.toBe(rejected.accessToken);
    // a late caller still holding the old token gets the new one without another refresh
    await tokens.refreshAfterRejection(rejected);
    expect(refreshes - before).toBe(1);
    tokens.stop();
  });
});
