// Reads channels from Zoho: the whole organisation (every page, following next_token) or one
// channel by id. Concurrent reads of the same thing share one Zoho call.
import type { ZohoChannel } from "@cliq/zoho-client";
import { AppError } from "@cliq/contracts";
import type { CatalogChannel } from "../domain/channel-filter.ts";
import type { ZohoAccess, ZohoCredentials } from "./zoho-access.ts";

/** The part of the Zoho client this service uses. */
type ZohoChannelPage = { channels: ZohoChannel[]; nextToken: string | null; hasMore: boolean };

export type ZohoChannelsApi = {
  listChannels(args: ZohoCredentials & { limit?: number; nextToken?: string }): Promise<ZohoChannelPage>;
  getChannel(args: ZohoCredentials & { channelId: string }): Promise<ZohoChannel>;
};

export type ChannelSource = {
  listAll(): Promise<CatalogChannel[]>;
  getOne(channelId: string): Promise<CatalogChannel>;
};

// A runaway next_token chain (a Zoho bug) must not loop forever: 500 pages is 50 000 channels.
const MAX_PAGES = 500;

export function createChannelSource(deps: { zoho: ZohoChannelsApi; access: ZohoAccess; pageSize: number }): ChannelSource {
  const inFlight = new Map<string, Promise<CatalogChannel>>();

  async function listAll(): Promise<CatalogChannel[]> {
    const byId = new Map<string, CatalogChannel>();
    const seenTokens = new Set<string>();
    let nextToken: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const token: string | null = nextToken;
      const res: ZohoChannelPage = await deps.access.call("channels", { what: "list channels" }, (creds) =>
        deps.zoho.listChannels({ ...creds, limit: deps.pageSize, ...(token === null ? {} : { nextToken: token }) }),
      );
      // A channel that moves between pages while we read shows up twice: keep one.
      for (const c of res.channels) byId.set(c.channelId, toCatalogChannel(c));
      if (!res.hasMore || res.nextToken === null) return [...byId.values()];
      if (seenTokens.has(res.nextToken)) break;
      seenTokens.add(res.nextToken);
      nextToken = res.nextToken;
    }
    throw new AppError("zoho_bad_response", `Zoho's channel list did not end after ${MAX_PAGES} pages (next_token repeats or never ends)`);
  }

  function getOne(channelId: string): Promise<CatalogChannel> {
    const running = inFlight.get(channelId);
    if (running) return running;
    const p = deps.access
      .call("channel", { what: "read channel", channelId }, (creds) => deps.zoho.getChannel({ ...creds, channelId }))
      .then(toCatalogChannel)
      .finally(() => inFlight.delete(channelId));
    inFlight.set(channelId, p);
    return p;
  }

  return { listAll, getOne };
}

export function toCatalogChannel(c: ZohoChannel): CatalogChannel {
  const lastTime = c.lastMessageInfo?.time ?? c.lastModifiedTime;
  return {
    channelId: c.channelId,
    chatId: c.chatId,
    name: c.name,
    uniqueName: c.uniqueName,
    level: c.level,
    status: c.status,
    joined: c.joined,
    participantCount: c.participantCount,
    lastMessageTime: lastTime === null ? null : new Date(lastTime).toISOString(),
  };
}
