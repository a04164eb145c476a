import { describe, expect, it } from "vitest";
import type { CatalogChannel } from "../domain/channel-filter.ts";
import { createChannelCatalog } from "./channel-catalog.ts";
import type { ChannelSource } from "./channel-source.ts";

const channel = (id: string): CatalogChannel => ({
  channelId: id,
  chatId: `CT_${id}`,
  name: `#${id}`,
  uniqueName: id,
  level: "team",
  status: "created",
  joined: true,
  participantCount: 1,
  lastMessageTime: null,
});

function countingSource() {
  let calls = 0;
  let release: (() => void) | undefined;
  const source: ChannelSource = {
    async listAll() {
      calls++;
      await new Promise<void>((r) => (release = r));
      return [channel(`T${calls}`)];
    },
    getOne: () => Promise.reject(new Error("unused")),
  };
  return { source, calls: () => calls, finish: () => release?.() };
}

async function settle(p: Promise<unknown>, finish: () => void) {
  await Promise.resolve();
  finish();
  return p;
}

describe("channel list cache", () => {
  it("when asked again within the TTL, then the cached list is returned without a Zoho call", async () => {
    let now = 1_000;
    const s = countingSource();
    const catalog = createChannelCatalog({ source: s.source, ttlMs: 60_000, now: () => now });
    const first = await settle(catalog.list({ refresh: false }), s.finish);
    now += 59_999;
    const second = await catalog.list({ refresh: false });
    expect(first).toMatchObject({ cached: false });
    expect(second).toMatchObject({ cached: true, channels: [{ channelId: "T1" }] });
    expect(s.calls()).toBe(1);
  });

  it("when the TTL has passed or a refresh is asked, then Zoho is asked again", async () => {
    let now = 1_000;
    const s = countingSource();
    const catalog = createChannelCatalog({ source: s.source, ttlMs: 60_000, now: () => now });
    await settle(catalog.list({ refresh: false }), s.finish);
    now += 60_000;
    await settle(catalog.list({ refresh: false }), s.finish);
    await settle(catalog.list({ refresh: true }), s.finish);
    expect(s.calls()).toBe(3);
  });

  it("when many callers ask while a fetch runs, then they share one Zoho fetch", async () => {
    const s = countingSource();
    const catalog = createChannelCatalog({ source: s.source, ttlMs: 60_000, now: () => 0 });
    const all = Promise.all([catalog.list({ refresh: false }), catalog.list({ refresh: true }), catalog.list({ refresh: false })]);
    await settle(all, s.finish);
    expect(s.calls()).toBe(1);
  });

  it("when a mapping changes, then the cache is dropped, even if a fetch was running", async () => {
    const s = countingSource();
    const catalog = createChannelCatalog({ source: s.source, ttlMs: 60_000, now: () => 0 });
    const running = catalog.list({ refresh: false });
    catalog.invalidate();
    await settle(running, s.finish);
    await settle(catalog.list({ refresh: false }), s.finish);
    expect(s.calls()).toBe(2);
  });

  it("when an ask gives maxAgeMs, then it replaces the TTL: 0 reads Zoho now, a larger age serves the cache even past the TTL", async () => {
    let now = 1_000;
    const src = countingSource();
    const cat = createChannelCatalog({ source: src.source, ttlMs: 100, now: () => now });
    await settle(cat.list({ refresh: false }), src.finish);
    expect(src.calls()).toBe(1);
    const fresh = cat.list({ refresh: false, maxAgeMs: 0 });
    await settle(fresh, src.finish);
    expect(src.calls()).toBe(2);
    now += 5_000;
    expect((await cat.list({ refresh: false, maxAgeMs: 6_000 })).cached).toBe(true);
    expect(src.calls()).toBe(2);
    const stale = cat.list({ refresh: false, maxAgeMs: 4_000 });
    await settle(stale, src.finish);
    expect(src.calls()).toBe(3);
  });
});
