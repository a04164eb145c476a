// Reads mappings for a sweep one page at a time, keyset-paginated by id, so a sweep's memory
// does not grow with the number of mappings and a page is never skipped or repeated when rows
// are added or removed mid-sweep (unlike OFFSET paging).
import type { Db } from "@cliq/db";
import type { ScheduledMapping } from "../domain/plan.ts";

export type MappingsPageQuery = {
  /** The last id of the previous page; null for the first page. */
  after: string | null;
  limit: number;
  /** Only mappings with a custom interval (the daemon's minute ticks). */
  intervalOnly: boolean;
};

export type MappingsReader = { page(q: MappingsPageQuery): Promise<ScheduledMapping[]> };

export function createMappingsReader(db: Db): MappingsReader {
  return {
    async page({ after, limit, intervalOnly }) {
      return db.zohoChannelMapping.findMany({
        where: {
          ...(after === null ? {} : { id: { gt: after } }),
          ...(intervalOnly ? { syncIntervalMinutes: { not: null } } : {}),
        },
        orderBy: { id: "asc" },
        take: limit,
        select: {
          id: true,
          zohoChannelId: true,
          syncStatus: true,
          lastErrorRetryable: true,
          lastMessageTime: true,
          syncIntervalMinutes: true,
        },
      });
    },
  };
}
