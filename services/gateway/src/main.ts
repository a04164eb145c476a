// Composition root: read config, connect, build the app, listen; stop in reverse on SIGTERM.
import { createDb } from "@cliq/db";
import {
  StopStack,
  connectNats,
  createCommandClient,
  createLogger,
  createPublisher,
  drainNats,
  loadConfigOrExit,
  natsCheck,
  provisionStreams,
  runService,
} from "@cliq/runtime";
import { Redis } from "ioredis";
import { createMetrics, fastifyMetricsHook, metricsRoute } from "@cliq/metrics";
import { buildGatewayApp } from "./app.ts";
import { createDbAuditTrail } from "./audit/audit-trail.ts";
import { jwtVerifierFromConfig } from "./auth/verifier-from-config.ts";
import { gatewayEnvSchema } from "./config.ts";
import { createJetStreamLiveEvents } from "./live/live-events.ts";

const SERVICE = "gateway";
const config = loadConfigOrExit(gatewayEnvSchema, SERVICE);
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });

await runService({
  name: SERVICE,
  logger,
  start: async () => {
    const stack = new StopStack();
    try {
      const nc = await connectNats({ url: config.NATS_URL, name: SERVICE, logger });
      stack.push(() => drainNats(nc));
      // /api/events reads SYNC and MAPPING, and sync.requested is published here: make sure they exist.
      await provisionStreams(nc, config.SUBJECT_PREFIX);
      const db = createDb({ connectionString: config.DATABASE_URL, ...(config.DB_SCHEMA === undefined ? {} : { schema: config.DB_SCHEMA }), maxConnections: 4 });
      stack.push(() => db.$disconnect());
      // Fail fast (no offline queue, short timeouts): the limiter lets requests through when Redis is down.
      const redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 500 });
      let redisDown = false;
      redis.on("error", (err: Error) => {
        if (!redisDown) logger.warn({ error: err.message }, "redis unavailable; rate limits are not enforced until it is back");
        redisDown = true;
      });
      redis.on("ready", () => (redisDown = false));
      stack.push(() => redis.quit().then(() => undefined, () => redis.disconnect()));
      const app = await buildGatewayApp({
        config,
        logger,
        commands: createCommandClient({ nc, prefix: config.SUBJECT_PREFIX }),
        events: createPublisher({ nc, prefix: config.SUBJECT_PREFIX, source: SERVICE, logger }),
        auth: jwtVerifierFromConfig(config),
        // NATS only: most routes work without the database (audit writes are best-effort) or Redis.
        checks: { nats: natsCheck(nc) },
        db,
        audit: createDbAuditTrail(db),
        liveEvents: createJetStreamLiveEvents({ nc, prefix: config.SUBJECT_PREFIX, logger }),
        rateLimitRedis: redis,
      });
      stack.push(() => app.close());
      // /metrics on the public port: keep it out of the Ingress (k8s/README.md).
      const metrics = createMetrics({ service: SERVICE });
      fastifyMetricsHook(app, metrics);
      metricsRoute(metrics)(app);
      await app.listen({ port: config.PORT, host: config.HOST });
      logger.info(
        { auth: config.JWT_JWKS_URL === undefined ? "hs256-secret" : "jwks", routes: app.routeCatalog.length, serviceToken: config.SERVICE_TOKEN !== undefined },
        "gateway ready; API docs at /docs",
      );
      return stack;
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
  },
});
