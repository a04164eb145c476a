import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { NATS_URL } from "@cliq/testkit";
import { captureLogger, connectTestNats, deleteStreams, newPrefix, syncRequestedData, waitFor } from "../test-support/harness.ts";
import { startTcpProxy, type TcpProxy } from "../test-support/tcp-proxy.ts";
import { connectNats, drainNats } from "./connect.ts";
import { startConsumer } from "./consume.ts";
import { provisionConsumer, provisionStreams } from "./provision.ts";
import { createPublisher } from "./publish.ts";

describe("NATS reconnects", () => {
  let direct: NatsConnection;
  let proxy: TcpProxy;
  const prefix = newPrefix();

  beforeAll(async () => {
    direct = await connectTestNats();
    proxy = await startTcpProxy(new URL(NATS_URL));
    await provisionStreams(direct, prefix);
    await provisionConsumer(direct, prefix, "syncWorker");
  });
  afterAll(async () => {
    await deleteStreams(direct, prefix);
    await direct.close();
    await proxy.close();
  });

  it("when the connection drops, then it is logged, the client reconnects and the consumer resumes", async () => {
    const { logger, logs } = captureLogger();
    const nc = await connectNats({ url: proxy.url, name: "reconnect-test", logger, reconnectTimeWaitMs: 100 });
    const handled: string[] = [];
    const consumer = startConsumer<"syncRequested">({
      nc,
      prefix,
      logger,
      consumer: "syncWorker",
      pullExpiresMs: 2_000,
      handler: async (event) => void handled.push(event.envelope.id),
    });
    const publisher = createPublisher({ nc: direct, prefix, source: "t", logger });
    try {
      const before = await publisher.publish("syncRequested", syncRequestedData());
      await waitFor(() => handled.includes(before.id), 10_000, "delivery before the drop");

      proxy.dropConnections();
      await waitFor(() => logs.some((l) => l.msg === "reconnected to NATS"), 10_000, "reconnect");
      expect(logs.some((l) => l.msg === "disconnected from NATS; reconnecting")).toBe(true);

      const after = await publisher.publish("syncRequested", syncRequestedData());
      await waitFor(() => handled.includes(after.id), 15_000, "delivery after the reconnect");
    } finally {
      await consumer.stop();
      await drainNats(nc);
    }
    expect(nc.isClosed()).toBe(true);
  });
});
