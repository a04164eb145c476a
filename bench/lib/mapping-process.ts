// Child process: the real channel-mapping service (buildMappingService) with everything behind it
// that is not infrastructure — the Zoho simulator serving the benchmark organisation, the shared
// Zoho limiter (generous budget), and a tiny cmd.auth.token.get responder handing out the
// simulator's tokens, so the auth service is not needed. Configured through the environment
// exactly like channel-mapping's main.ts (configSchema).
import { buildMappingService, configSchema } from "@cliq/channel-mapping";
import { createDb } from "@cliq/db";
import { connectNats, createCommandClient, createLogger, drainNats, loadConfig, serveCommands, StopStack } from "@cliq/runtime";
import { createZohoClient } from "@cliq/zoho-client";
import { createZohoLimiter, sharedBudgetOptions } from "@cliq/zoho-limiter";
import { startSimulator } from "@cliq/zoho-simulator";
import { benchOrg } from "./bench-org.ts";
import { runAsChildService } from "./child-service.ts";


await runAsChildService(async () => {
  const config = loadConfig(configSchema, process.env);
  const logger = createLogger({ service: "channel-mapping-bench", level: config.LOG_LEVEL });
  const stack = new StopStack();
  try {
    // The simulator never throttles here: the benchmark measures our stack, not Zoho's limits.
    const sim = await startSimulator({ data: benchOrg(), limits: { perMinute: { channels: 1_000_000, channel: 1_000_000, messages: 1_000_000 } } });
    stack.push(() => sim.close());
    const cliqServer = sim.dataCentres.us?.cliqServer;
    if (cliqServer === undefined) throw new Error("the simulator has no us data centre");

    const authNc = await connectNats({ url: config.NATS_URL, name: "bench-auth-stand-in", logger });
    stack.push(() => drainNats(authNc));
    const { accessToken } = sim.issueTokensForTest();
    const auth = serveCommands({
      nc: authNc,
      prefix: config.SUBJECT_PREFIX,
      logger,
      service: "auth",
      handlers: {
        authTokenGet: async () => ({ accessToken, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), version: 1, cliqServer, location: "us" }),
      },
    });
    stack.push(() => auth.stop());

    const nc = await connectNats({ url: config.NATS_URL, name: "channel-mapping-bench", logger });
    stack.push(() => drainNats(nc));
    const db = createDb({ connectionString: config.DATABASE_URL, ...(config.DB_SCHEMA === undefined ? {} : { schema: config.DB_SCHEMA }) });
    stack.push(() => db.$disconnect());
    const zoho = createZohoClient({ timeoutMs: config.ZOHO_TIMEOUT_MS });
    stack.push(() => zoho.close());
    const limiter = createZohoLimiter({
      redisUrl: config.REDIS_URL,
      ...sharedBudgetOptions(config),
      logger,
      maxThrottleRetries: 0,
    });
    stack.push(limiter);
    await limiter.ready();
    const service = buildMappingService({ db, nc, prefix: config.SUBJECT_PREFIX, logger, config, zoho, limiter, commands: createCommandClient({ nc, prefix: config.SUBJECT_PREFIX }) });
    await service.start();
    stack.push(service);
    return { info: { simulator: sim.url }, stop: () => stack.stop() };
  } catch (err) {
    await stack.stop().catch(() => undefined);
    throw err;
  }
});
