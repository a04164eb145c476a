// @cliq/runtime — the plumbing every service shares: configuration, logging, NATS (provisioning,
// publishing, the consumer loop, commands), health endpoints and the process lifecycle.
export * from "./config/config.ts";
export * from "./config/env.ts";
export * from "./errors.ts";
export * from "./health.ts";
export * from "./lifecycle.ts";
export * from "./logger.ts";
export * from "./nats/command-client.ts";
export * from "./nats/command-server.ts";
export * from "./nats/connect.ts";
export * from "./nats/consume.ts";
export * from "./nats/decode.ts";
export * from "./nats/provision.ts";
export * from "./nats/publish.ts";
export { defaultRetryDelayMs, nakDelayMs } from "./nats/in-flight.ts";
export { formatIssues, summarizeIssues, type IssueSummary } from "./util/issues.ts";
export { withTimeout } from "./util/time.ts";
export type { NatsConnection } from "@nats-io/nats-core";
