// channel-mapping's composition root: configuration, connections, the service, health, lifecycle.
import { createCommandClient, connectNats, createLogger, dbCheck, drainNats, loadConfigOrExit, natsCheck, runService, startHealthServer, StopStack } from "@cliq/runtime";
import { createMetrics, metricsRoute } from "@cliq/metrics";
import { createDb } from "@cliq/db";
import { createZohoClient } from "@cliq/zoho-client";
import { createZohoLimiter, limiterCheck, sharedBudgetOptions } from "@cliq/zoho-limiter";
import { configSchema, SERVICE_NAME } from "./config.ts";
import { buildMappingService } from "./service.ts";

const config = loadConfigOrExit(configSchema, SERVICE_NAME);
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

await runService({
  name: SERVICE_NAME,
  logger,
  async start() {
    const stack = new StopStack();
    try {
      const nc = await connectNats({ url: config.NATS_URL, name: SERVICE_NAME, logger });
      stack.push(() => drainNats(nc));
      const db = createDb({ connectionString: config.DATABASE_URL, ...(config.DB_SCHEMA === undefined ? {} : { schema: config.DB_SCHEMA }) });
      stack.push(() => db.$disconnect());
      const zoho = createZohoClient({ timeoutMs: config.ZOHO_TIMEOUT_MS });
      stack.push(() => zoho.close());
      const limiter = createZohoLimiter({
        redisUrl: config.REDIS_URL,
        ...sharedBudgetOptions(config),
        logger,
        // An admin is waiting: a throttle is reported at once (and pauses the budget), never sat out.
        maxThrottleRetries: 0,
      });
      stack.push(limiter);
      await limiter.ready();
      const service = buildMappingService({
        db,
        nc,
        prefix: config.SUBJECT_PREFIX,
        logger,
        config,
        zoho,
        limiter,
        commands: createCommandClient({ nc, prefix: config.SUBJECT_PREFIX }),
      });
      await service.start();
      stack.push(service);
      const metrics = createMetrics({ service: SERVICE_NAME });
      metrics.observeConsumer(nc, config.SUBJECT_PREFIX, "mappingProjection");
      const health = await startHealthServer({
        port: config.HEALTH_PORT,
        host: config.HEALTH_HOST,
        logger,
        extraRoutes: metricsRoute(metrics),
        checks: {
          nats: natsCheck(nc),
          database: dbCheck(db),
          zohoLimiter: limiterCheck(limiter),
        },
      });
      stack.push(() => health.close());
      return stack;
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
  },
});
