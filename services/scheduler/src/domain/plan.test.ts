import { describe, expect, it } from "vitest";
import { channelActivity, decide, isUnchanged, type PlanContext, type ScheduledMapping } from "./plan.ts";
import { scheduledJobId } from "./uuid-v5.ts";

const NOW = new Date("2025-01-06T10:07:00Z");
const SLOT = new Date("2025-01-06T02:00:00Z");
const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({ now: NOW, defaultSlot: SLOT, since: null, activity: null, ...over });
const mapping = (over: Partial<ScheduledMapping> = {}): ScheduledMapping => ({
  id: "11111111-1111-4111-8111-111111111111",
  zohoChannelId: "T4000000040005",
  syncStatus: "active",
  lastErrorRetryable: null,
  lastMessageTime: new Date("2025-01-05T18:00:00Z"),
  syncIntervalMinutes: null,
  ...over,
});

describe("decide: who is due", () => {
  it("when a mapping is active, then it is requested with the slot-derived job id", () => {
    expect(decide(mapping(), ctx())).toEqual({ kind: "request", mappingId: mapping().id, jobId: scheduledJobId(mapping().id, SLOT), slot: SLOT });
  });

  it("when a mapping is paused, then it is skipped as paused", () => {
    expect(decide(mapping({ syncStatus: "paused" }), ctx())).toMatchObject({ kind: "skip", reason: "paused" });
  });

  it("when a mapping's error is retryable, then the schedule retries it", () => {
    expect(decide(mapping({ syncStatus: "error", lastErrorRetryable: true }), ctx())).toMatchObject({ kind: "request" });
  });

  it("when a mapping's error needs an admin (or its retryability is unknown), then it is skipped as needsAdmin", () => {
    expect(decide(mapping({ syncStatus: "error", lastErrorRetryable: false }), ctx())).toMatchObject({ kind: "skip", reason: "needsAdmin" });
    expect(decide(mapping({ syncStatus: "error", lastErrorRetryable: null }), ctx())).toMatchObject({ kind: "skip", reason: "needsAdmin" });
  });

  it("when a mapping has a custom interval, then its slot (and job id) follow the interval", () => {
    const d = decide(mapping({ syncIntervalMinutes: 15 }), ctx());
    expect(d).toMatchObject({ kind: "request", slot: new Date("2025-01-06T10:00:00Z") });
  });

  it("when an interval sweep runs and the mapping's slot has not changed since the last tick, then it is not due", () => {
    const m = mapping({ syncIntervalMinutes: 15 });
    expect(decide(m, ctx({ since: new Date("2025-01-06T10:00:00Z") }))).toEqual({ kind: "notDue", mappingId: m.id });
    expect(decide(m, ctx({ since: new Date("2025-01-06T09:59:59Z") }))).toMatchObject({ kind: "request" });
  });
});

describe("decide: the budget planner", () => {
  const last = new Date("2025-01-05T18:00:00Z");
  const activity = (ms: number | null) => new Map([["T4000000040005", ms]]);

  it("when the channel has nothing newer than the mapping's last message, then it is skipped as unchanged", () => {
    expect(decide(mapping(), ctx({ activity: activity(last.getTime()) }))).toMatchObject({ kind: "skip", reason: "unchanged" });
  });

  it("when the channel has a newer message, then it is requested", () => {
    expect(decide(mapping(), ctx({ activity: activity(last.getTime() + 1) }))).toMatchObject({ kind: "request" });
  });

  it("when a retryable-error mapping's channel is unchanged, then it is still requested so it can recover", () => {
    const m = mapping({ syncStatus: "error", lastErrorRetryable: true });
    expect(decide(m, ctx({ activity: activity(last.getTime()) }))).toMatchObject({ kind: "request" });
  });

  it("when the planner is not used, then unchanged channels are requested anyway", () => {
    expect(decide(mapping(), ctx({ activity: null }))).toMatchObject({ kind: "request" });
  });

  it("when the channel is missing from the list, has no time, or the mapping never synced, then it is requested", () => {
    expect(isUnchanged(last, undefined)).toBe(false);
    expect(isUnchanged(last, null)).toBe(false);
    expect(isUnchanged(null, last.getTime())).toBe(false);
    expect(isUnchanged(last, last.getTime() - 1)).toBe(true);
  });

  it("when Zoho gave the channel's time as ISO with whole seconds (zoho-cliq-api.md §2.3, §5), then a mapping synced within that second is unchanged and a later second is news", () => {
    // channel-mapping turns Zoho's "2017-07-03T15:59:20+05:30" (or epoch ms) into this ISO string.
    const seconds = (iso: string) => channelActivity([{ channelId: "A", lastMessageTime: new Date(iso).toISOString() }]).get("A");
    const delivered = new Date(Date.parse("2017-07-03T15:59:20.456+05:30"));
    expect(isUnchanged(delivered, seconds("2017-07-03T15:59:20+05:30"))).toBe(true);
    expect(isUnchanged(delivered, seconds("2017-07-03T15:59:21+05:30"))).toBe(false);
    expect(isUnchanged(delivered, seconds("2017-07-03T10:29:20.457Z"))).toBe(false);
  });

  it("when the channel list is read, then ISO times become epoch ms and bad or missing ones null", () => {
    const a = channelActivity([
      { channelId: "A", lastMessageTime: "2025-01-06T10:00:00.123+05:30" },
      { channelId: "B", lastMessageTime: null },
      { channelId: "C", lastMessageTime: "garbage" },
    ]);
    expect([...a]).toEqual([["A", Date.parse("2025-01-06T04:30:00.123Z")], ["B", null], ["C", null]]);
  });
});
