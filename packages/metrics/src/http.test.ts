import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { fastifyMetricsHook, metricsRoute, UNMATCHED_ROUTE } from "./http.ts";
import { createMetrics } from "./metrics.ts";

async function histogramSeries(metrics: ReturnType<typeof createMetrics>) {
  const json = await metrics.registry.getSingleMetric("cliq_http_request_duration_seconds")!.get();
  return json.values
    .filter((v) => (v as { metricName?: string }).metricName === "cliq_http_request_duration_seconds_count")
    .map((v) => ({ ...v.labels, count: v.value }));
}

describe("fastifyMetricsHook", () => {
  it("when requests hit routes with ids, then latency is labelled by the route pattern, never the raw URL", async () => {
    const metrics = createMetrics({ service: "test", defaultMetrics: false });
    const app = Fastify();
    // Routes registered in a plugin before the hook, as buildGatewayApp does before main.ts adds it.
    await app.register(async (api) => {
      api.get("/jobs/:id", async () => ({ ok: true }));
    }, { prefix: "/api" });
    fastifyMetricsHook(app, metrics);
    await app.inject({ url: "/api/jobs/11111111-1111-1111-1111-111111111111" });
    await app.inject({ url: "/api/jobs/22222222-2222-2222-2222-222222222222" });
    await app.inject({ url: "/no/such/path/33" });

    const series = await histogramSeries(metrics);
    expect(series).toEqual(
      expect.arrayContaining([
        { method: "GET", route: "/api/jobs/:id", status_code: "200", count: 2 },
        { method: "GET", route: UNMATCHED_ROUTE, status_code: "404", count: 1 },
      ]),
    );
    expect(JSON.stringify(series)).not.toMatch(/1111|3333|no\/such/);
    await app.close();
  });
});

describe("metricsRoute", () => {
  it("when /metrics is scraped, then it answers the Prometheus text format with the service label", async () => {
    const metrics = createMetrics({ service: "gateway", defaultMetrics: false });
    metrics.throttles.inc({ endpoint_class: "messages" });
    const app = Fastify();
    metricsRoute(metrics)(app);
    const res = await app.inject({ url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('cliq_zoho_throttles_total{endpoint_class="messages",service="gateway"} 1');
    await app.close();
  });
});
