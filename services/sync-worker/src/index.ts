// @cliq/sync-worker: the sync engine, for composition (main.ts) and for tests/benchmarks that run it in-process.
export { buildSyncWorker, PAGE_SIZE, type SyncWorker, type SyncWorkerDeps } from "./worker.ts";
export { configSchema, type WorkerConfig } from "./config.ts";
export { createHttpIngestTransport, type HttpTransportOptions } from "./ingest/http-transport.ts";
export type { IngestTransport, IngestBatch } from "./ingest/transport.ts";
export { idempotencyKey, messageIdsDigest } from "./domain/ingest-payload.ts";
