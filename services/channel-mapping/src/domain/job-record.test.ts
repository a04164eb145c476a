import { describe, expect, it } from "vitest";
import { jobRecordFor } from "./job-record.ts";

const jobId = "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e11";
const mappingId = "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e12";
const at = new Date("2026-01-01T00:00:05.000Z");
const cursor = { time: null, ids: [] };

describe("a sync event's contribution to its job row", () => {
  it("when the job is requested, then its type, requester and request time come from the request", () => {
    const r = jobRecordFor({ name: "syncRequested", data: { jobId, mappingId, jobType: "retry", requestedAt: "2026-01-01T00:00:00.000Z", requestedBy: "u1", retryOf: mappingId } }, at);
    expect(r).toMatchObject({ fromRequest: true, jobType: "retry", requestedBy: "u1", retryOf: mappingId, transition: { to: "pending" } });
    expect(r.requestedAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("when a later event is the first seen, then the request time is the event time until the request arrives", () => {
    const r = jobRecordFor({ name: "syncStarted", data: { jobId, mappingId, workerId: "w1", attempt: 1, cursor, startedAt: "2026-01-01T00:00:04.000Z" } }, at);
    expect(r).toMatchObject({ fromRequest: false, requestedAt: at, transition: { to: "running" } });
  });

  it("when a run is skipped, then the job completes with the reason as its note", () => {
    const r = jobRecordFor(
      {
        name: "syncCompleted",
        data: { jobId, mappingId, outcome: "skipped", reason: "mapping paused", messagesFetched: 0, messagesProcessed: 0, durationMs: 3, cursor, lastMessageTime: null, continued: false, finishedAt: at.toISOString() },
      },
      at,
    );
    expect(r).toMatchObject({ note: "skipped: mapping paused", processingTimeMs: 3, finishedAt: at, transition: { to: "completed" } });
  });

  it("when a failure is not final, then the error is kept but the job is not finished", () => {
    const r = jobRecordFor(
      {
        name: "syncFailed",
        data: { jobId, mappingId, code: "ingest_unavailable", message: "503", retryable: true, attempt: 1, final: false, needsAdmin: false, messagesFetched: 5, messagesProcessed: 2, failedAt: at.toISOString() },
      },
      at,
    );
    expect(r).toMatchObject({ finishedAt: null, error: { code: "ingest_unavailable", at }, messagesFetched: 5, transition: { to: "running" } });
  });
});

describe("a sync event's warnings", () => {
  const warning = { code: "unreachable_messages" as const, chatId: "CT_1", time: 1_736_154_000_123, seen: 100, message: "100 read" };

  it("when progress, completion or failure carries warnings, then the record holds them, duplicates once", () => {
    const progress = jobRecordFor({ name: "syncProgress", data: { jobId, mappingId, messagesFetched: 100, messagesProcessed: 100, cursor, warnings: [warning, warning] } }, at);
    expect(progress.warnings).toEqual([warning]);
    const completed = jobRecordFor(
      {
        name: "syncCompleted",
        data: { jobId, mappingId, outcome: "synced", messagesFetched: 130, messagesProcessed: 130, durationMs: 9, cursor, lastMessageTime: null, continued: false, finishedAt: at.toISOString(), warnings: [warning] },
      },
      at,
    );
    expect(completed.warnings).toEqual([warning]);
    const failed = jobRecordFor(
      {
        name: "syncFailed",
        data: { jobId, mappingId, code: "ingest_unavailable", message: "503", retryable: true, attempt: 1, final: false, needsAdmin: false, messagesFetched: 5, messagesProcessed: 2, failedAt: at.toISOString(), warnings: [warning] },
      },
      at,
    );
    expect(failed.warnings).toEqual([warning]);
  });

  it("when an event carries none, then the record has none", () => {
    expect(jobRecordFor({ name: "syncStarted", data: { jobId, mappingId, workerId: "w1", attempt: 1, cursor, startedAt: at.toISOString() } }, at).warnings).toEqual([]);
  });
});
