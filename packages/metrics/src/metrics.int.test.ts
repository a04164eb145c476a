// Real NATS: the health server with the metrics route scraped over HTTP, the consumer backlog
// gauges from JetStream consumer info, and the token expiry from the AUTH stream.
import { connectNats, createLogger, createPublisher, drainNats, natsCheck, provisionConsumer, provisionStreams, startHealthServer, type NatsConnection } from "@cliq/runtime";
import { deleteStreams, NATS_URL, uniqueId } from "@cliq/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsRoute } from "./http.ts";
import { createMetrics } from "./metrics.ts";
import { trackTokenExpiry } from "./token-events.ts";

const logger = createLogger({ service: "metrics-test", level: "silent" });
const prefix = uniqueId("met");
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connectNats({ url: NATS_URL, name: "metrics-test", logger });
  await provisionStreams(nc, prefix);
});

afterAll(async () => {
  await deleteStreams(nc, prefix);
  await drainNats(nc);
});

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("metrics on the health server", () => {
  it("when Prometheus scrapes /metrics, then it sees the consumer backlog, process metrics and readiness still works", async () => {
    await provisionConsumer(nc, prefix, "syncWorker");
    const publisher = createPublisher({ nc, prefix, source: "test", logger });
    for (let i = 0; i < 3; i++) {
      await publisher.publish("syncRequested", {
        jobId: crypto.randomUUID(),
        mappingId: crypto.randomUUID(),
        jobType: "manual",
        requestedAt: new Date().toISOString(),
      });
    }
    const metrics = createMetrics({ service: "sync-worker" });
    metrics.observeConsumer(nc, prefix, "syncWorker");
    const health = await startHealthServer({ port: 0, logger, checks: { nats: natsCheck(nc) }, extraRoutes: metricsRoute(metrics) });
    try {
      const res = await fetch(`${health.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await res.text();
      const labels = `{stream="${prefix}_SYNC",consumer="${prefix}_sync-worker",service="sync-worker"}`;
      expect(sample(text, `cliq_nats_consumer_pending${labels}`)).toBe(3);
      expect(sample(text, `cliq_nats_consumer_ack_pending${labels}`)).toBe(0);
      expect(sample(text, `cliq_nats_consumer_redelivered${labels}`)).toBe(0);
      expect(text).toMatch(/^process_resident_memory_bytes\{service="sync-worker"\} \d/m);
      expect((await fetch(`${health.url}/readyz`)).status).toBe(200);
    } finally {
      await health.close();
    }
  });

  it("when the consumer does not exist, then the scrape still answers and counts the failed read", async () => {
    const metrics = createMetrics({ service: "channel-mapping", defaultMetrics: false });
    metrics.observeConsumer(nc, prefix, "mappingProjection");
    const first = await metrics.text();
    expect(first).not.toContain("cliq_nats_consumer_pending{");
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await metrics.text()).toContain(`cliq_metrics_collect_errors_total{source="consumer:${prefix}_channel-mapping-projection",service="channel-mapping"} 1`);
  });
});

describe("trackTokenExpiry", () => {
  it("when tokens are refreshed and revoked on the AUTH stream, then the tracker follows the newest announcement", async () => {
    const publisher = createPublisher({ nc, prefix, source: "auth", logger });
    const first = new Date(Date.now() + 3_600_000);
    await publisher.publish("tokenRefreshed", { version: 1, expiresAt: first.toISOString(), location: "us" });

    // Started after the announcement: it reads the stored one.
    const tracker = await trackTokenExpiry(nc, prefix);
    try {
      expect(tracker.expiresAt()?.toISOString()).toBe(first.toISOString());
      const second = new Date(Date.now() + 7_200_000);
      await publisher.publish("tokenRefreshed", { version: 2, expiresAt: second.toISOString(), location: "us" });
      await expect.poll(() => tracker.expiresAt()?.toISOString()).toBe(second.toISOString());
      await publisher.publish("tokenRevoked", { reason: "disconnect" });
      await expect.poll(() => tracker.expiresAt()).toBeNull();
    } finally {
      tracker.stop();
    }

    const afterRevoke = await trackTokenExpiry(nc, prefix);
    expect(afterRevoke.expiresAt()).toBeNull();
    afterRevoke.stop();
  });
});
