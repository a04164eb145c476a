// The organisation's channel list, cached briefly (CHANNEL_CACHE_TTL_MS) so the rooms screen can
// search and filter without spending the 30-requests-a-minute channel budget. One fetch at a
// time: callers arriving during a fetch share it. Any mapping change drops the cache.
import type { CatalogChannel } from "../domain/channel-filter.ts";
import type { ChannelSource } from "./channel-source.ts";

export type ChannelListing = { channels: CatalogChannel[]; fetchedAt: Date; cached: boolean };

export type ChannelCatalog = {
  /**
   * `refresh`: read Zoho now. `maxAgeMs`: the cached list serves while it is younger than this,
   * instead of the TTL (a sweep's pages all use the one read its first page caused).
   */
  list(opts: { refresh: boolean; maxAgeMs?: number }): Promise<ChannelListing>;
  invalidate(): void;
};

export function createChannelCatalog(deps: { source: ChannelSource; ttlMs: number; now: () => number }): ChannelCatalog {
  let cache: { channels: CatalogChannel[]; fetchedAt: number } | undefined;
  let fetching: Promise<ChannelListing> | undefined;
  // Bumped by invalidate(): a fetch that started before it must not refill the cache.
  let generation = 0;

  const fresh = () => cache !== undefined && deps.now() - cache.fetchedAt < deps.ttlMs;

  function fetchAll(): Promise<ChannelListing> {
    if (fetching) return fetching;
    const gen = generation;
    fetching = (async () => {
      const channels = await deps.source.listAll();
      const fetchedAt = deps.now();
      if (gen === generation) cache = { channels, fetchedAt };
      return { channels, fetchedAt: new Date(fetchedAt), cached: false };
    })().finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  return {
    async list({ refresh, maxAgeMs }) {
      const usable = cache !== undefined && (maxAgeMs === undefined ? fresh() : deps.now() - cache.fetchedAt < maxAgeMs);
      if (!refresh && usable && cache) return { channels: cache.channels, fetchedAt: new Date(cache.fetchedAt), cached: true };
      return fetchAll();
    },
    invalidate() {
      generation++;
      cache = undefined;
    },
  };
}
