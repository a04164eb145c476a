// Shared set-up for this package's integration tests: a real NATS connection, a fresh subject
// prefix per test (so streams and consumers never collide across parallel files) and a log capture.
import type { NatsConnection } from "@nats-io/nats-core";
import { NATS_URL, uniqueId } from "@cliq/testkit";
import { connectNats } from "../nats/connect.ts";
import { createLogger, type Logger } from "../logger.ts";

export type LogEntry = { level: number; msg: string; [k: string]: unknown };

export function captureLogger(service = "runtime-test"): { logger: Logger; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const logger = createLogger({ service, level: "debug", destination: { write: (s: string) => void logs.push(JSON.parse(s) as LogEntry) } });
  return { logger, logs };
}

export async function connectTestNats(name = "runtime-test"): Promise<NatsConnection> {
  return connectNats({ url: NATS_URL, name, logger: captureLogger().logger });
}

export const newPrefix = () => uniqueId("rt");

export { deleteStreams } from "@cliq/testkit";

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function syncRequestedData(overrides: Record<string, unknown> = {}) {
  return {
    jobId: crypto.randomUUID(),
    mappingId: crypto.randomUUID(),
    jobType: "manual" as const,
    requestedAt: new Date().toISOString(),
    ...overrides,
  };
}
