// One Prometheus registry per process: Node's default process metrics plus the product's own.
// Values a service already holds elsewhere (limiter queues, token expiry, consumer backlog) are
// read through callbacks at scrape time, so nothing has to remember to push them.
import type { NatsConnection } from "@nats-io/nats-core";
import type { ConsumerKey } from "@cliq/contracts";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { createObservedGauge, type Observer } from "./observed-gauge.ts";
import { createConsumerObserver } from "./consumer-observer.ts";

/** What a limiter reports for one endpoint class: requests waiting here, slots left in the shared window. */
export type LimiterStats = { queued: number; reservoir: number | null };

export type CreateMetricsOptions = {
  /** Added as the `service` label on every series. */
  service: string;
  /** Node's default process metrics (CPU, memory, event loop, GC); default true. */
  defaultMetrics?: boolean;
  /** Longest a scrape waits for one callback (limiter, token, consumer info); default 2 s. */
  callbackTimeoutMs?: number;
};

export type Metrics = {
  readonly service: string;
  readonly registry: Registry;
  /** One observation per finished sync run; outcome = synced | skipped | coalesced | failed. */
  readonly syncDuration: Histogram<"outcome">;
  readonly messagesFetched: Counter;
  readonly messagesProcessed: Counter;
  /** Zoho answered "too many requests"; endpoint_class = messages | channels | channel. */
  readonly throttles: Counter<"endpoint_class">;
  /** A token refresh that failed; code = the contract error code. */
  readonly refreshFailures: Counter<"code">;
  /** HTTP latency by route pattern (never the raw URL), method and status. */
  readonly httpDuration: Histogram<"method" | "route" | "status_code">;
  /** Scrape-time callbacks that threw or timed out; source names the callback (shown from the next scrape). */
  readonly collectErrors: Counter<"source">;
  /** Registers the limiter's stats for one endpoint class (read at every scrape). */
  observeLimiter(endpointClass: string, read: () => LimiterStats | Promise<LimiterStats>): void;
  /** Registers the token's expiry (epoch ms, Date, or null when there is no token). */
  observeTokenExpiry(read: () => number | Date | null | Promise<number | Date | null>): void;
  /** Reports the durable consumer's backlog and redeliveries (JetStream consumer info at scrape time). */
  observeConsumer(nc: NatsConnection, prefix: string, consumer: ConsumerKey): void;
  /** The text exposition of every metric. */
  text(): Promise<string>;
};

const SYNC_BUCKETS_S = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const HTTP_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(opts: CreateMetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: opts.service });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const timeoutMs = opts.callbackTimeoutMs ?? 2_000;

  const collectErrors = new Counter({ name: "cliq_metrics_collect_errors_total", help: "Scrape-time metric callbacks that failed or timed out", labelNames: ["source"] as const, registers });
  const observed = (name: string, help: string, labelNames: readonly string[]) =>
    createObservedGauge({ name, help, labelNames, registers, timeoutMs, onError: (source) => collectErrors.inc({ source }) });

  const limiterQueued = observed("cliq_zoho_limiter_queued", "Requests waiting for the shared Zoho budget in this process", ["endpoint_class"]);
  const limiterReservoir = observed("cliq_zoho_limiter_reservoir", "Requests left in the shared Zoho budget's current window", ["endpoint_class"]);
  const tokenExpiry = observed("cliq_zoho_token_expiry_seconds", "Seconds until the stored Zoho access token expires (negative once expired)", []);
  const consumerPending = observed("cliq_nats_consumer_pending", "Messages in the stream not yet delivered to the durable consumer", ["stream", "consumer"]);
  const consumerAckPending = observed("cliq_nats_consumer_ack_pending", "Messages delivered to the durable consumer and not yet acknowledged", ["stream", "consumer"]);
  const consumerRedelivered = observed("cliq_nats_consumer_redelivered", "Messages the durable consumer has delivered more than once (current)", ["stream", "consumer"]);

  const consumers = createConsumerObserver({ pending: consumerPending, ackPending: consumerAckPending, redelivered: consumerRedelivered });

  return {
    service: opts.service,
    registry,
    syncDuration: new Histogram({ name: "cliq_sync_duration_seconds", help: "Duration of sync runs by outcome", labelNames: ["outcome"] as const, buckets: SYNC_BUCKETS_S, registers }),
    messagesFetched: new Counter({ name: "cliq_sync_messages_fetched_total", help: "Messages fetched from Zoho Cliq", registers }),
    messagesProcessed: new Counter({ name: "cliq_sync_messages_processed_total", help: "Messages delivered to ingest", registers }),
    throttles: new Counter({ name: "cliq_zoho_throttles_total", help: "Zoho throttle answers by endpoint class", labelNames: ["endpoint_class"] as const, registers }),
    refreshFailures: new Counter({ name: "cliq_zoho_token_refresh_failures_total", help: "Failed Zoho token refreshes by error code", labelNames: ["code"] as const, registers }),
    httpDuration: new Histogram({
      name: "cliq_http_request_duration_seconds",
      help: "HTTP request latency by route pattern",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: HTTP_BUCKETS_S,
      registers,
    }),
    collectErrors,
    observeLimiter(endpointClass, read) {
      const labels = { endpoint_class: endpointClass };
      const stats: Observer<LimiterStats> = { source: `limiter:${endpointClass}`, read };
      limiterQueued.add(labels, stats, (s) => s.queued);
      limiterReservoir.add(labels, stats, (s) => s.reservoir);
    },
    observeTokenExpiry(read) {
      tokenExpiry.add({}, { source: "token-expiry", read }, (at) => (at === null ? null : (+at - Date.now()) / 1_000));
    },
    observeConsumer(nc, prefix, consumer) {
      consumers.add(nc, prefix, consumer);
    },
    text: () => registry.metrics(),
  };
}
