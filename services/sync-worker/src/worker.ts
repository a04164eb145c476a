// The sync worker, wired from its dependencies: the shared work consumer on sync.requested feeding
// the runner. main.ts builds the dependencies; tests build them too, pointing at the simulator and
// the ingest sink.
import type { Db } from "@cliq/db";
import { createPublisher, provisionConsumer, provisionStreams, startConsumer, type CommandClient, type Logger, type NatsConnection, type Publisher, type RunningConsumer } from "@cliq/runtime";
import type { ZohoClient } from "@cliq/zoho-client";
import type { ZohoLimiter } from "@cliq/zoho-limiter";
import type { WorkerConfig } from "./config.ts";
import { handleSyncRequested } from "./handlers/sync-requested.ts";
import type { IngestTransport } from "./ingest/transport.ts";
import { createCursorRepo } from "./repo/cursor-repo.ts";
import { createMappingRepo } from "./repo/mapping-repo.ts";
import { createSyncEvents } from "./sync/sync-events.ts";
import { SyncRunner } from "./sync/sync-runner.ts";
import { zohoPageFetcher } from "./sync/zoho-pages.ts";
import { createTokenProvider } from "./tokens.ts";

export type SyncWorkerDeps = {
  db: Db;
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  config: WorkerConfig;
  zoho: Pick<ZohoClient, "getMessages">;
  limiter: Pick<ZohoLimiter, "schedule">;
  commands: CommandClient;
  ingest: IngestTransport;
  workerId: string;
  /** Where sync events go; default a publisher on `nc` (main.ts passes one instrumented for metrics). */
  publisher?: Publisher;
  now?: () => number;
};

export type SyncWorker = { start(): Promise<void>; stop(): Promise<void> };

/** Zoho's page size for GET messages (doc §2.6: at most 100). */
export const PAGE_SIZE = 100;

export function buildSyncWorker(deps: SyncWorkerDeps): SyncWorker {
  const { config, logger } = deps;
  const log = logger.child({ workerId: deps.workerId });
  const tokens = createTokenProvider({ commands: deps.commands, nc: deps.nc, prefix: deps.prefix, logger: log });
  const runner = new SyncRunner({
    cursors: createCursorRepo(deps.db, config.DB_SCHEMA),
    mappings: createMappingRepo(deps.db),
    events: createSyncEvents(deps.publisher ?? createPublisher({ nc: deps.nc, prefix: deps.prefix, source: "sync-worker", logger: log })),
    ingest: deps.ingest,
    fetchPages: (chatId) => zohoPageFetcher({ zoho: deps.zoho, limiter: deps.limiter, tokens, logger: log }, chatId),
    logger: log,
    workerId: deps.workerId,
    now: deps.now ?? Date.now,
    config: {
      leaseTtlMs: config.LEASE_TTL_MS,
      maxMessagesPerRun: config.MAX_MESSAGES_PER_RUN,
      pageSize: PAGE_SIZE,
      timeZone: config.TRANSCRIPT_TIMEZONE,
      heartbeatMs: 5_000,
      failurePolicy: { baseRetryDelayMs: config.RETRY_BASE_DELAY_MS, maxRetryDelayMs: 600_000 },
    },
  });
  let consumer: RunningConsumer | undefined;

  return {
    async start() {
      await provisionStreams(deps.nc, deps.prefix);
      await provisionConsumer(deps.nc, deps.prefix, "syncWorker");
      consumer = startConsumer({
        nc: deps.nc,
        prefix: deps.prefix,
        consumer: "syncWorker",
        logger: log,
        events: ["syncRequested"],
        concurrency: config.WORKER_CONCURRENCY,
        handler: handleSyncRequested(runner),
      });
    },
    async stop() {
      // Runs end at their next checkpoint and hand their jobs back; then the consumer drains.
      runner.stop();
      await consumer?.stop();
      tokens.stop();
    },
  };
}
