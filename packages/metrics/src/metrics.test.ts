import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.ts";

const PRODUCT_METRICS = {
  cliq_sync_duration_seconds: { type: "histogram", labels: ["outcome"] },
  cliq_sync_messages_fetched_total: { type: "counter", labels: [] },
  cliq_sync_messages_processed_total: { type: "counter", labels: [] },
  cliq_zoho_throttles_total: { type: "counter", labels: ["endpoint_class"] },
  cliq_zoho_limiter_queued: { type: "gauge", labels: ["endpoint_class"] },
  cliq_zoho_limiter_reservoir: { type: "gauge", labels: ["endpoint_class"] },
  cliq_zoho_token_expiry_seconds: { type: "gauge", labels: [] },
  cliq_zoho_token_refresh_failures_total: { type: "counter", labels: ["code"] },
  cliq_nats_consumer_pending: { type: "gauge", labels: ["stream", "consumer"] },
  cliq_nats_consumer_ack_pending: { type: "gauge", labels: ["stream", "consumer"] },
  cliq_nats_consumer_redelivered: { type: "gauge", labels: ["stream", "consumer"] },
  cliq_http_request_duration_seconds: { type: "histogram", labels: ["method", "route", "status_code"] },
  cliq_metrics_collect_errors_total: { type: "counter", labels: ["source"] },
} as const;

async function gaugeValues(metrics: ReturnType<typeof createMetrics>, name: string) {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  return m.values.map((v) => ({ labels: v.labels, value: v.value }));
}

describe("createMetrics", () => {
  it("when created, then the registry holds every product metric with its type and labels", () => {
    const metrics = createMetrics({ service: "sync-worker", defaultMetrics: false });
    const found = Object.fromEntries(
      metrics.registry.getMetricsAsArray().map((m) => {
        const labelNames = (m as unknown as { labelNames: string[] }).labelNames;
        return [m.name, { type: String(m.type), labels: [...labelNames] }];
      }),
    );
    expect(found).toEqual(Object.fromEntries(Object.entries(PRODUCT_METRICS).map(([k, v]) => [k, { type: v.type, labels: [...v.labels] }])));
  });

  it("when default metrics are on, then Node's process metrics are exposed with the service label", async () => {
    const metrics = createMetrics({ service: "auth" });
    const text = await metrics.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="auth"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="auth"\} /m);
    expect(text).toMatch(/^process_resident_memory_bytes\{service="auth"\} /m);
  });

  it("when two registries live in one process, then their series do not mix", async () => {
    const a = createMetrics({ service: "a", defaultMetrics: false });
    const b = createMetrics({ service: "b", defaultMetrics: false });
    a.messagesFetched.inc(5);
    expect(await b.text()).toContain('cliq_sync_messages_fetched_total{service="b"} 0');
    expect(await a.text()).toContain('cliq_sync_messages_fetched_total{service="a"} 5');
  });

  it("when a limiter is observed, then queue depth and reservoir are read at scrape time", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false });
    let stats = { queued: 3, reservoir: 12 as number | null };
    let reads = 0;
    metrics.observeLimiter("messages", () => {
      reads++;
      return stats;
    });
    expect(await gaugeValues(metrics, "cliq_zoho_limiter_queued")).toEqual([{ labels: { endpoint_class: "messages" }, value: 3 }]);
    expect(await gaugeValues(metrics, "cliq_zoho_limiter_reservoir")).toEqual([{ labels: { endpoint_class: "messages" }, value: 12 }]);
    await new Promise((r) => setTimeout(r, 1_050));
    stats = { queued: 0, reservoir: null };
    expect(await gaugeValues(metrics, "cliq_zoho_limiter_queued")).toEqual([{ labels: { endpoint_class: "messages" }, value: 0 }]);
    // Unknown reservoir: no series rather than a made-up number.
    expect(await gaugeValues(metrics, "cliq_zoho_limiter_reservoir")).toEqual([]);
    expect(reads).toBe(2);
  });

  it("when the token expiry is observed, then the gauge is the seconds left, negative once expired, absent without a token", async () => {
    const metrics = createMetrics({ service: "auth", defaultMetrics: false });
    let expiresAt: number | Date | null = Date.now() + 600_000;
    metrics.observeTokenExpiry(() => expiresAt);
    const [left] = await gaugeValues(metrics, "cliq_zoho_token_expiry_seconds");
    expect(left!.value).toBeGreaterThan(598);
    expect(left!.value).toBeLessThanOrEqual(600);
    await new Promise((r) => setTimeout(r, 1_050));
    expiresAt = new Date(Date.now() - 30_000);
    expect((await gaugeValues(metrics, "cliq_zoho_token_expiry_seconds"))[0]!.value).toBeLessThan(-29);
    await new Promise((r) => setTimeout(r, 1_050));
    expiresAt = null;
    expect(await gaugeValues(metrics, "cliq_zoho_token_expiry_seconds")).toEqual([]);
  });

  it("when a callback throws or hangs, then the scrape still answers, drops that series and counts the error", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false, callbackTimeoutMs: 50 });
    metrics.observeLimiter("messages", () => {
      throw new Error("redis down");
    });
    metrics.observeLimiter("channels", () => new Promise(() => undefined));
    metrics.observeLimiter("channel", () => ({ queued: 1, reservoir: 29 }));
    const text = await metrics.text();
    expect(text).toContain('cliq_zoho_limiter_queued{endpoint_class="channel",service="w"} 1');
    expect(text).not.toContain('endpoint_class="messages",service="w"} ');
    expect(text).not.toContain('endpoint_class="channels",service="w"} ');
    // The error counter is read while the callbacks still run, so a failure shows from the next scrape.
    await new Promise((r) => setTimeout(r, 1_050));
    const next = await metrics.text();
    expect(next).toContain('cliq_metrics_collect_errors_total{source="limiter:messages",service="w"} 1');
    expect(next).toContain('cliq_metrics_collect_errors_total{source="limiter:channels",service="w"} 1');
  });
});
