// Composition root: read config, connect, build the app, listen; stop in reverse on SIGTERM.
import {
  StopStack,
  connectNats,
  createCommandClient,
  createLogger,
  createPublisher,
  drainNats,
  loadConfigOrExit,
  natsCheck,
  runService,
} from "@cliq/runtime";
import { buildGatewayApp } from "./app.ts";
import { jwtVerifierFromConfig } from "./auth/verifier-from-config.ts";
import { gatewayEnvSchema } from "./config.ts";

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
      const app = await buildGatewayApp({
        config,
        logger,
        commands: createCommandClient({ nc, prefix: config.SUBJECT_PREFIX }),
        events: createPublisher({ nc, prefix: config.SUBJECT_PREFIX, source: SERVICE, logger }),
        auth: jwtVerifierFromConfig(config),
        checks: { nats: natsCheck(nc) },
      });
      stack.push(() => app.close());
      await app.listen({ port: config.PORT, host: config.HOST });
      logger.info({ auth: config.JWT_JWKS_URL === undefined ? "hs256-secret" : "jwks" }, "gateway ready; API docs at /docs");
      return stack;
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
  },
});
