// What command and event handlers work with; built once by service.ts.
import type { Db } from "@cliq/db";
import type { Logger, Publisher } from "@cliq/runtime";
import type { MappingConfig } from "../config.ts";
import type { JobsRepo } from "../repo/jobs-repo.ts";
import type { MappingsRepo } from "../repo/mappings-repo.ts";
import type { RoomsRepo } from "../repo/rooms-repo.ts";
import type { ChannelCatalog } from "../zoho/channel-catalog.ts";
import type { ChannelSource } from "../zoho/channel-source.ts";

export type HandlerContext = {
  db: Db;
  mappings: MappingsRepo;
  jobs: JobsRepo;
  rooms: RoomsRepo;
  catalog: ChannelCatalog;
  channels: ChannelSource;
  publisher: Publisher;
  config: Pick<MappingConfig, "DEFAULT_BACKFILL_DAYS">;
  logger: Logger;
  now: () => Date;
};

/** Interactive transactions that also publish: generous waits, 100 concurrent creates queue on the pool. */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;
