import type { JobView, MappingView } from "@cliq/contracts";
import { describe, expect, it } from "vitest";
import { applyEvent, badgeFor, emptyLiveState, markRequested, mergeJobs, unionWarnings, type EventEnvelope } from "../../public/js/live-state.js";

const M = "11111111-1111-4111-8111-111111111111";
const J = "22222222-2222-4222-8222-222222222222";
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();

function mapping(over: Partial<MappingView> = {}): MappingView {
  return {
    id: M, clientId: M, roomId: M, zohoChannelId: "T1", zohoChatId: "CT_1", zohoChannelName: "#general",
    syncStatus: "active", syncing: false, lastSyncAt: null, lastMessageTime: null, lastError: null, lastErrorCode: null,
    syncFrom: at(0), syncIntervalMinutes: null, createdBy: "u", createdAt: at(0), updatedAt: at(0), ...over,
  };
}
function job(over: Partial<JobView> = {}): JobView {
  return {
    id: J, mappingId: M, jobType: "manual", status: "pending", messagesFetched: 0, messagesProcessed: 0, processingTimeMs: null,
    errorCode: null, errorMessage: null, retryOf: null, requestedBy: "u", note: null, requestedAt: at(1), startedAt: null, finishedAt: null, warnings: [], ...over,
  };
}
const ev = (type: string, s: number, data: Record<string, unknown>): EventEnvelope => ({ type, occurredAt: at(s), data: { jobId: J, mappingId: M, ...data } });

describe("the rooms page's live status", () => {
  it("when a manual sync runs to completion, then the badge goes syncing (with the count) and then active", () => {
    const live = emptyLiveState();
    const m = mapping();
    applyEvent(live, ev("sync.requested", 1, { jobType: "manual", requestedAt: at(1) }));
    expect(badgeFor(m, live.mappings.get(M)).tone).toBe("syncing");
    applyEvent(live, ev("sync.progress", 2, { messagesFetched: 100, messagesProcessed: 100 }));
    expect(badgeFor(m, live.mappings.get(M))).toMatchObject({ tone: "syncing", icon: "🔵", label: "Syncing — 100 fetched" });
    applyEvent(live, ev("sync.completed", 3, { outcome: "synced", messagesFetched: 150, messagesProcessed: 150, durationMs: 900, finishedAt: at(3) }));
    // the API row has not caught up yet (still syncing) — the newer event wins
    expect(badgeFor(mapping({ syncing: true }), live.mappings.get(M))).toMatchObject({ tone: "active", icon: "🟢" });
    expect(live.mappings.get(M)).toMatchObject({ lastSyncAt: at(3) });
  });

  it("when the final failure arrives, then the badge is error with the failure's message; a non-final one keeps it syncing", () => {
    const live = emptyLiveState();
    applyEvent(live, ev("sync.failed", 2, { code: "ingest_unavailable", message: "503", final: false, messagesFetched: 0, messagesProcessed: 0 }));
    expect(badgeFor(mapping(), live.mappings.get(M))).toMatchObject({ tone: "syncing", label: "Retrying" });
    applyEvent(live, ev("sync.failed", 3, { code: "ingest_rejected", message: "room is archived", final: true, messagesFetched: 0, messagesProcessed: 0 }));
    expect(badgeFor(mapping(), live.mappings.get(M))).toMatchObject({ tone: "error", icon: "🔴", error: "room is archived" });
  });

  it("when events arrive out of order, then an older one does not move the badge back", () => {
    const live = emptyLiveState();
    applyEvent(live, ev("sync.completed", 5, { outcome: "synced", messagesFetched: 1, messagesProcessed: 1, durationMs: 1, finishedAt: at(5) }));
    applyEvent(live, ev("sync.started", 4, { startedAt: at(4) }));
    expect(badgeFor(mapping(), live.mappings.get(M)).tone).toBe("active");
  });

  it("when the mapping is paused, then the badge is paused whatever the stream said before", () => {
    const live = emptyLiveState();
    applyEvent(live, ev("sync.started", 4, { startedAt: at(4) }));
    expect(badgeFor(mapping({ syncStatus: "paused" }), live.mappings.get(M))).toMatchObject({ tone: "paused", icon: "🟡" });
  });

  it("when the API row is newer than the last event, then the API's status is shown", () => {
    const live = emptyLiveState();
    markRequested(live, M, J, at(1));
    expect(badgeFor(mapping({ syncStatus: "error", lastError: "gone", updatedAt: at(9) }), live.mappings.get(M))).toMatchObject({ tone: "error", error: "gone" });
    expect(badgeFor(null, undefined).tone).toBe("unmapped");
  });

  it("when the job list is fetched before the projection saw the end of a run, then the streamed status and counts are shown", () => {
    const live = emptyLiveState();
    applyEvent(live, ev("sync.completed", 3, { outcome: "synced", messagesFetched: 150, messagesProcessed: 150, durationMs: 900, finishedAt: at(3) }));
    const [row] = mergeJobs([job({ status: "running", messagesFetched: 100, messagesProcessed: 100 })], live, M);
    expect(row).toMatchObject({ status: "completed", messagesFetched: 150, processingTimeMs: 900 });
    // and a stored terminal status is never downgraded by a late progress event
    applyEvent(live, ev("sync.progress", 2, { messagesFetched: 10, messagesProcessed: 10 }));
    expect(mergeJobs([job({ status: "failed", messagesFetched: 150, messagesProcessed: 0 })], live, M)[0]).toMatchObject({ status: "failed", messagesFetched: 150 });
  });

  it("when a run is only known from the stream, then it appears in the history, newest first", () => {
    const live = emptyLiveState();
    applyEvent(live, ev("sync.requested", 5, { jobType: "retry", requestedAt: at(5), retryOf: "x" }));
    const rows = mergeJobs([job({ id: "older", requestedAt: at(0), status: "failed" })], live, M);
    expect(rows.map((r) => [r.id, r.jobType, r.status])).toEqual([
      [J, "retry", "pending"],
      ["older", "manual", "failed"],
    ]);
  });

  it("when the stream reports warnings the job row does not have yet, then the history shows their union: one per chat and millisecond, the largest seen, newest first", () => {
    const w = (chatId: string, time: number, seen: number) => ({ code: "unreachable_messages" as const, chatId, time, seen, message: `${seen} read` });
    const live = emptyLiveState();
    applyEvent(live, ev("sync.progress", 2, { messagesFetched: 100, messagesProcessed: 100, warnings: [w("CT_1", 5, 100)] }));
    applyEvent(live, ev("sync.completed", 3, { outcome: "synced", messagesFetched: 230, messagesProcessed: 230, durationMs: 9, finishedAt: at(3), warnings: [w("CT_1", 9, 100), w("CT_1", 5, 101)] }));
    const [row] = mergeJobs([job({ status: "running", warnings: [w("CT_1", 5, 100), w("CT_1-T-1", 5, 100)] })], live, M);
    expect(row!.warnings).toEqual([w("CT_1", 9, 100), w("CT_1", 5, 101), w("CT_1-T-1", 5, 100)]);
    expect(unionWarnings(undefined, undefined)).toEqual([]);
    // a row without live warnings keeps its own
    expect(mergeJobs([job({ warnings: [w("CT_1", 1, 100)] })], emptyLiveState(), M)[0]!.warnings).toEqual([w("CT_1", 1, 100)]);
  });
});
