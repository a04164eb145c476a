// sync-worker composition root: configuration, dependencies, start, stop.
import { createDb } from "@cliq/db";
import { createMetrics, instrumentLimiter, instrumentPublisher, metricsRoute } from "@cliq/metrics";
import { connectNats, createCommandClient, createLogger, createPublisher, dbCheck, drainNats, loadConfigOrExit, natsCheck, runService, startHealthServer, StopStack } from "@cliq/runtime";
import { createZohoClient } from "@cliq/zoho-client";
import { createZohoLimiter, defaultThrottleLockMs, ENDPOINT_CLASSES, limiterCheck, sharedBudgetOptions } from "@cliq/zoho-limiter";
import { configSchema, defaultWorkerId } from "./config.ts";
import { createHttpIngestTransport } from "./ingest/http-transport.ts";
import { buildSyncWorker } from "./worker.ts";

const SERVICE = "sync-worker";
const config = loadConfigOrExit(configSchema, SERVICE);
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });

await runService({
  name: SERVICE,
  logger,
  shutdownTimeoutMs: 45_000,
  async start() {
    const stack = new StopStack();
    try {
      const workerId = config.WORKER_ID ?? defaultWorkerId();
      const db = createDb({ connectionString: config.DATABASE_URL, ...(config.DB_SCHEMA === undefined ? {} : { schema: config.DB_SCHEMA }) });
      stack.push(() => db.$disconnect());
      const nc = await connectNats({ url: config.NATS_URL, name: `${SERVICE}:${workerId}`, logger });
      stack.push(() => drainNats(nc));
      const metrics = createMetrics({ service: SERVICE });
      const sharedLimiter = createZohoLimiter({
        redisUrl: config.REDIS_URL,
        ...sharedBudgetOptions(config),
        logger: logger.child({ component: "zoho-limiter" }),
      });
      stack.push(() => sharedLimiter.stop());
      const limiter = instrumentLimiter(sharedLimiter, metrics, { classes: ENDPOINT_CLASSES, isThrottle: (e) => defaultThrottleLockMs(e) !== null });
      metrics.observeConsumer(nc, config.SUBJECT_PREFIX, "syncWorker");
      await limiter.ready().catch((err: unknown) => logger.warn({ err }, "the shared Zoho budget is not ready yet; jobs wait until Redis answers"));
      const zoho = createZohoClient({ timeoutMs: config.ZOHO_TIMEOUT_MS, throttleLockMs: config.ZOHO_THROTTLE_LOCK_MS });
      stack.push(() => zoho.close());
      const ingest = createHttpIngestTransport({
        url: config.INGEST_URL,
        token: config.INGEST_TOKEN,
        timeoutMs: config.INGEST_TIMEOUT_MS,
        attempts: config.INGEST_ATTEMPTS,
        onRetry: (info) => logger.warn(info, "ingest delivery failed; retrying"),
      });
      const publisher = instrumentPublisher(createPublisher({ nc, prefix: config.SUBJECT_PREFIX, source: SERVICE, logger }), metrics);
      const commands = createCommandClient({ nc, prefix: config.SUBJECT_PREFIX });
      const worker = buildSyncWorker({ db, nc, prefix: config.SUBJECT_PREFIX, logger, config, zoho, limiter, commands, ingest, workerId, publisher });
      await worker.start();
      stack.push(() => worker.stop());
      if (config.HEALTH_PORT > 0) {
        const health = await startHealthServer({
          port: config.HEALTH_PORT,
          host: config.HEALTH_HOST,
          logger,
          extraRoutes: metricsRoute(metrics),
          checks: {
            nats: natsCheck(nc),
            db: dbCheck(db),
            redis: limiterCheck(limiter),
          },
        });
        stack.push(() => health.close());
      }
      logger.info({ workerId, concurrency: config.WORKER_CONCURRENCY, prefix: config.SUBJECT_PREFIX }, "sync worker ready");
      return stack;
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
  },
});
