// Wires channel-mapping together: command handlers (cmd.mapping.*, cmd.channels.*), the sync-state
// projection (consumer mappingProjection on sync.>), and the channel-list cache, which any
// mapping.* event (from this replica or another) drops.
import { prefixed, STREAMS } from "@cliq/contracts";
import type { Db } from "@cliq/db";
import {
  createPublisher,
  provisionConsumer,
  provisionStreams,
  serveCommands,
  startConsumer,
  StopStack,
  type Logger,
  type NatsConnection,
} from "@cliq/runtime";
import { SERVICE_NAME, type MappingConfig } from "./config.ts";
import { withAccessRule } from "./handlers/access-rule.ts";
import type { HandlerContext } from "./handlers/context.ts";
import { channelsActivity } from "./handlers/channels-activity.ts";
import { channelsList } from "./handlers/channels-list.ts";
import { jobGet } from "./handlers/job-get.ts";
import { mappingCreate } from "./handlers/mapping-create.ts";
import { mappingDelete } from "./handlers/mapping-delete.ts";
import { mappingGet } from "./handlers/mapping-get.ts";
import { mappingJobs } from "./handlers/mapping-jobs.ts";
import { mappingList } from "./handlers/mapping-list.ts";
import { mappingPause } from "./handlers/mapping-pause.ts";
import { mappingResume } from "./handlers/mapping-resume.ts";
import { mappingClients } from "./handlers/mapping-clients.ts";
import { mappingRooms } from "./handlers/mapping-rooms.ts";
import { syncEventProjection } from "./handlers/sync-event.ts";
import { createJobsRepo } from "./repo/jobs-repo.ts";
import { createMappingsRepo } from "./repo/mappings-repo.ts";
import { createRoomsRepo } from "./repo/rooms-repo.ts";
import { sqlNames } from "./repo/sql-names.ts";
import { createChannelCatalog } from "./zoho/channel-catalog.ts";
import { createChannelSource, type ZohoChannelsApi } from "./zoho/channel-source.ts";
import type { ZohoLimiter } from "./zoho/limiter.ts";
import { createZohoAccess, type CommandRequester } from "./zoho/zoho-access.ts";

export type MappingServiceDeps = {
  db: Db;
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  config: Pick<MappingConfig, "CHANNEL_CACHE_TTL_MS" | "DEFAULT_BACKFILL_DAYS" | "CHANNEL_PAGE_SIZE" | "ZOHO_MAX_WAIT_MS" | "DB_SCHEMA">;
  zoho: ZohoChannelsApi;
  /** The shared Zoho rate budget (@cliq/zoho-limiter; built with maxThrottleRetries 0, see README). */
  limiter: ZohoLimiter;
  /** Command client (for cmd.auth.token.get). */
  commands: CommandRequester;
  now?: () => Date;
  /** Projection handlers running at once; default 4. */
  projectionConcurrency?: number;
};

export type MappingService = { start(): Promise<void>; stop(): Promise<void> };

export function buildMappingService(deps: MappingServiceDeps): MappingService {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger;
  const names = sqlNames(deps.config.DB_SCHEMA);
  const access = createZohoAccess({ commands: deps.commands, limiter: deps.limiter, logger, maxWaitMs: deps.config.ZOHO_MAX_WAIT_MS });
  const channels = createChannelSource({ zoho: deps.zoho, access, pageSize: deps.config.CHANNEL_PAGE_SIZE });
  const ctx: HandlerContext = {
    db: deps.db,
    mappings: createMappingsRepo(deps.db, names),
    jobs: createJobsRepo(deps.db, names),
    rooms: createRoomsRepo(deps.db),
    catalog: createChannelCatalog({ source: channels, ttlMs: deps.config.CHANNEL_CACHE_TTL_MS, now: () => now().getTime() }),
    channels,
    publisher: createPublisher({ nc: deps.nc, prefix: deps.prefix, source: SERVICE_NAME, logger }),
    config: deps.config,
    logger,
    now,
  };
  const handlers = withAccessRule({
    channelsList: channelsList(ctx),
    channelsActivity: channelsActivity(ctx),
    mappingCreate: mappingCreate(ctx),
    mappingDelete: mappingDelete(ctx),
    mappingPause: mappingPause(ctx),
    mappingResume: mappingResume(ctx),
    mappingGet: mappingGet(ctx),
    mappingList: mappingList(ctx),
    mappingClients: mappingClients(ctx),
    mappingRooms: mappingRooms(ctx),
    mappingJobs: mappingJobs(ctx),
    jobGet: jobGet(ctx),
  });
  const running = new StopStack();

  return {
    async start() {
      await provisionStreams(deps.nc, deps.prefix);
      await provisionConsumer(deps.nc, deps.prefix, "mappingProjection");
      // Core subscription: every replica hears every mapping.* event and drops its cached list.
      const invalidations = deps.nc.subscribe(prefixed(deps.prefix, STREAMS.mapping.subjects[0]!), { callback: () => ctx.catalog.invalidate() });
      running.push(() => invalidations.unsubscribe());
      running.push(
        startConsumer({
          nc: deps.nc,
          prefix: deps.prefix,
          consumer: "mappingProjection",
          logger,
          events: ["syncAny"],
          concurrency: deps.projectionConcurrency ?? 4,
          handler: syncEventProjection(ctx),
        }),
      );
      running.push(serveCommands({ nc: deps.nc, prefix: deps.prefix, logger, handlers }));
    },
    stop: () => running.stop(),
  };
}
