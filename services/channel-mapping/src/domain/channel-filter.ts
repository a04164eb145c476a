// The organisation's channel list as the admin sees it: searched and filtered locally (the cached
// list is the whole organisation, so filters never cost a Zoho call), each channel marked with
// the mapping that holds it.
import type { ChannelSummary } from "@cliq/contracts";

/** A channel as the catalog keeps it: what Zoho said, without any mapping information. */
export type CatalogChannel = Omit<ChannelSummary, "mapping">;

export type ChannelHolder = NonNullable<ChannelSummary["mapping"]>;

export type ChannelFilter = {
  search?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  joined?: boolean | undefined;
};

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

/** Case-insensitive: `search` matches part of the name or unique name; level/status match exactly. */
export function filterChannels(channels: readonly CatalogChannel[], filter: ChannelFilter): CatalogChannel[] {
  const search = filter.search === undefined ? "" : fold(filter.search.trim());
  const level = filter.level === undefined ? undefined : fold(filter.level);
  const status = filter.status === undefined ? undefined : fold(filter.status);
  return channels.filter(
    (c) =>
      (search === "" || fold(c.name).includes(search) || (c.uniqueName !== null && fold(c.uniqueName).includes(search))) &&
      (level === undefined || (c.level !== null && fold(c.level) === level)) &&
      (status === undefined || (c.status !== null && fold(c.status) === status)) &&
      (filter.joined === undefined || c.joined === filter.joined),
  );
}

/** Sorted by name (ignoring a leading '#' and case), then id, so the list is stable between calls. */
export function sortChannels(channels: readonly CatalogChannel[]): CatalogChannel[] {
  const key = (c: CatalogChannel) => fold(c.name.replace(/^#/, ""));
  return [...channels].sort((a, b) => key(a).localeCompare(key(b)) || a.channelId.localeCompare(b.channelId));
}

export function markMapped(channels: readonly CatalogChannel[], holders: ReadonlyMap<string, ChannelHolder>): ChannelSummary[] {
  return channels.map((c) => ({ ...c, mapping: holders.get(c.channelId) ?? null }));
}
