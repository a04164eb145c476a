import { describe, expect, it } from "vitest";
import { mappingSyncEffect } from "./mapping-sync-effect.ts";

const jobId = "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e11";
const mappingId = "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e12";
const cursor = { time: 1_700_000_000_000, ids: ["a"] };
const failed = {
  jobId,
  mappingId,
  code: "ingest_unavailable" as const,
  message: "ingest answered 503",
  retryable: true,
  attempt: 1,
  final: false,
  needsAdmin: false,
  messagesFetched: 0,
  messagesProcessed: 0,
  failedAt: "2026-01-01T00:00:00.000Z",
};
const completed = {
  jobId,
  mappingId,
  outcome: "synced" as const,
  messagesFetched: 3,
  messagesProcessed: 3,
  durationMs: 10,
  cursor,
  lastMessageTime: "2026-01-01T00:00:00.000Z",
  continued: false,
  finishedAt: "2026-01-01T00:00:01.000Z",
};

describe("mapping status from sync events", () => {
  it("when a failure needs an admin, then the mapping goes to error and is not offered a retry", () => {
    const e = mappingSyncEffect({ name: "syncFailed", data: { ...failed, needsAdmin: true, code: "channel_gone", retryable: false } });
    expect(e).toMatchObject({ kind: "failed", toError: true, error: { code: "channel_gone", retryable: false } });
  });

  it("when a retryable failure is final, then the mapping goes to error with a retry available", () => {
    const e = mappingSyncEffect({ name: "syncFailed", data: { ...failed, final: true } });
    expect(e).toMatchObject({ kind: "failed", toError: true, error: { retryable: true } });
  });

  it("when a retryable failure is not final, then the mapping status stays (a redelivery follows)", () => {
    expect(mappingSyncEffect({ name: "syncFailed", data: failed })).toMatchObject({ kind: "failed", toError: false });
  });

  it("when a run completes with messages synced, then the mapping is synced with the last message time", () => {
    expect(mappingSyncEffect({ name: "syncCompleted", data: completed })).toEqual({
      kind: "synced",
      jobId,
      finishedAt: new Date("2026-01-01T00:00:01.000Z"),
      lastMessageTime: new Date("2026-01-01T00:00:00.000Z"),
    });
  });

  it("when a run is skipped or coalesced, then the mapping status is not touched", () => {
    for (const outcome of ["skipped", "coalesced"] as const) {
      expect(mappingSyncEffect({ name: "syncCompleted", data: { ...completed, outcome } })).toEqual({ kind: "released", jobId });
    }
  });

  it("when a run is requested, then the mapping does not change until it starts", () => {
    const e = mappingSyncEffect({ name: "syncRequested", data: { jobId, mappingId, jobType: "manual", requestedAt: failed.failedAt } });
    expect(e).toEqual({ kind: "none" });
    expect(mappingSyncEffect({ name: "syncStarted", data: { jobId, mappingId, workerId: "w", attempt: 1, cursor, startedAt: failed.failedAt } })).toEqual({ kind: "started", jobId });
  });

  it("when progress reports a cursor, then only the last message time moves", () => {
    const e = mappingSyncEffect({ name: "syncProgress", data: { jobId, mappingId, messagesFetched: 1, messagesProcessed: 1, cursor } });
    expect(e).toEqual({ kind: "progress", lastMessageTime: new Date(cursor.time) });
  });
});
