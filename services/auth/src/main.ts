// Composition root: read the configuration, connect, build the service, serve until a signal.
import { createDb } from "@cliq/db";
import { createMetrics, metricsRoute, trackTokenExpiry } from "@cliq/metrics";
import { connectNats, createLogger, dbCheck, drainNats, loadConfigOrExit, natsCheck, provisionStreams, runService, startHealthServer, StopStack } from "@cliq/runtime";
import { createZohoClient, resolveDataCentres } from "@cliq/zoho-client";
import { authEnvSchema } from "./config.ts";
import { buildAuthService, SERVICE_NAME } from "./service.ts";

const config = loadConfigOrExit(authEnvSchema, SERVICE_NAME);
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

await runService({
  name: SERVICE_NAME,
  logger,
  async start() {
    const stack = new StopStack();
    try {
      const db = createDb({ connectionString: config.DATABASE_URL, ...(config.DB_SCHEMA === undefined ? {} : { schema: config.DB_SCHEMA }) });
      stack.push(() => db.$disconnect());
      const nc = await connectNats({ url: config.NATS_URL, name: SERVICE_NAME, logger });
      stack.push(() => drainNats(nc));
      await provisionStreams(nc, config.SUBJECT_PREFIX);
      const zoho = createZohoClient();
      stack.push(() => zoho.close());
      const service = buildAuthService({
        db,
        nc,
        prefix: config.SUBJECT_PREFIX,
        logger,
        config,
        zoho,
        dataCentres: resolveDataCentres(config.ZOHO_DATA_CENTRES),
      });
      await service.start();
      stack.push(service);
      const metrics = createMetrics({ service: SERVICE_NAME });
      const token = await trackTokenExpiry(nc, config.SUBJECT_PREFIX);
      stack.push(() => token.stop());
      metrics.observeTokenExpiry(() => token.expiresAt());
      const health = await startHealthServer({
        port: config.HEALTH_PORT,
        host: config.HEALTH_HOST,
        logger,
        extraRoutes: metricsRoute(metrics),
        checks: { nats: natsCheck(nc), db: dbCheck(db) },
      });
      stack.push(() => health.close());
      return stack;
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
  },
});
