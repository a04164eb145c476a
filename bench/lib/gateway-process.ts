// Child process: the real gateway (buildGatewayApp) wired as services/gateway/src/main.ts wires
// it — real NATS command client and publisher, PostgreSQL audit trail, JetStream live events,
// Redis-backed rate limits — configured through the environment (loadGatewayConfig), listening
// on 127.0.0.1 and an ephemeral port (PORT=0). The benchmark raises RATE_LIMIT_PER_MINUTE there.
import { createDb } from "@cliq/db";
import { buildGatewayApp, createDbAuditTrail, createJetStreamLiveEvents, jwtVerifierFromConfig, loadGatewayConfig } from "@cliq/gateway";
import { connectNats, createCommandClient, createLogger, createPublisher, drainNats, natsCheck, StopStack } from "@cliq/runtime";
import { Redis } from "ioredis";
import { runAsChildService } from "./child-service.ts";

await runAsChildService(async () => {
  const config = loadGatewayConfig(process.env);
  const logger = createLogger({ service: "gateway-bench", level: config.LOG_LEVEL });
  const stack = new StopStack();
  try {
    const nc = await connectNats({ url: config.NATS_URL, name: "gateway-bench", logger });
    stack.push(() => drainNats(nc));
    const db = createDb({ connectionString: config.DATABASE_URL, ...(config.DB_SCHEMA === undefined ? {} : { schema: config.DB_SCHEMA }), maxConnections: 4 });
    stack.push(() => db.$disconnect());
    const redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 500 });
    stack.push(() => redis.quit().then(() => undefined, () => redis.disconnect()));
    const app = await buildGatewayApp({
      config,
      logger,
      commands: createCommandClient({ nc, prefix: config.SUBJECT_PREFIX }),
      events: createPublisher({ nc, prefix: config.SUBJECT_PREFIX, source: "gateway", logger }),
      auth: jwtVerifierFromConfig(config),
      checks: { nats: natsCheck(nc) },
      db,
      audit: createDbAuditTrail(db),
      liveEvents: createJetStreamLiveEvents({ nc, prefix: config.SUBJECT_PREFIX, logger }),
      rateLimitRedis: redis,
    });
    stack.push(() => app.close());
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    return { info: { url: address }, stop: () => stack.stop() };
  } catch (err) {
    await stack.stop().catch(() => undefined);
    throw err;
  }
});
