// @cliq/metrics — Prometheus metrics for cliq-sync services: one registry per process with the
// product's metrics, callbacks read at scrape time, decorators that feed them, and GET /metrics.
export { createMetrics, type CreateMetricsOptions, type LimiterStats, type Metrics } from "./metrics.ts";
export { fastifyMetricsHook, metricsRoute, UNMATCHED_ROUTE, type MetricsRouteOptions } from "./http.ts";
export { instrumentLimiter, instrumentPublisher, type InstrumentLimiterOptions } from "./instrument.ts";
export { trackTokenExpiry, type TokenExpiryTracker } from "./token-events.ts";
