import { describe, expect, it } from "vitest";
import { formatTable, latestFailures, planReplay, replayEventId, type FailedEvent } from "./failed-jobs.ts";

const MAPPING_A = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f00112233";
const MAPPING_B = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f00112244";
const JOB_1 = "7f0c2d4e-1a2b-4c3d-8e9f-000000000001";
const JOB_2 = "7f0c2d4e-1a2b-4c3d-8e9f-000000000002";

function failed(seq: number, jobId: string, over: Partial<FailedEvent["data"]> = {}): FailedEvent {
  const time = new Date(Date.UTC(2025, 0, 6, 2, 0, seq));
  return {
    seq,
    time,
    subject: "sync.failed",
    id: `${jobId}:failed:${over.attempt ?? 1}`,
    data: {
      jobId, mappingId: MAPPING_A, code: "zoho_unavailable", message: "503 from Zoho", retryable: true, attempt: 1, final: false, needsAdmin: false,
      messagesFetched: 0, messagesProcessed: 0, failedAt: time.toISOString(), ...over,
    },
  };
}

describe("latestFailures", () => {
  it("when a job failed on several attempts, then only its last failure is listed, newest job first", () => {
    const events = [failed(1, JOB_1), failed(2, JOB_2, { mappingId: MAPPING_B }), failed(5, JOB_1, { attempt: 5, final: true })];
    expect(latestFailures(events, { jobIds: [] }).map((e) => [e.seq, e.data.jobId, e.data.final])).toEqual([
      [5, JOB_1, true],
      [2, JOB_2, false],
    ]);
  });

  it("when filtered by mapping, code, job or time, then only matching jobs remain", () => {
    const events = [failed(1, JOB_1, { code: "ingest_rejected" }), failed(2, JOB_2, { mappingId: MAPPING_B })];
    expect(latestFailures(events, { jobIds: [], mappingId: MAPPING_B }).map((e) => e.data.jobId)).toEqual([JOB_2]);
    expect(latestFailures(events, { jobIds: [], code: "ingest_rejected" }).map((e) => e.data.jobId)).toEqual([JOB_1]);
    expect(latestFailures(events, { jobIds: [JOB_2] }).map((e) => e.data.jobId)).toEqual([JOB_2]);
    expect(latestFailures(events, { jobIds: [], since: new Date(Date.UTC(2025, 0, 6, 2, 0, 2)) }).map((e) => e.data.jobId)).toEqual([JOB_2]);
    expect(latestFailures(events, { jobIds: [], until: new Date(Date.UTC(2025, 0, 6, 2, 0, 1)) }).map((e) => e.data.jobId)).toEqual([JOB_1]);
  });
});

describe("planReplay", () => {
  const ctx = { retries: new Map<string, string>(), force: false, by: "alice", now: new Date("2025-01-07T09:00:00Z"), newJobId: () => "11111111-2222-4333-8444-555555555555" };

  it("when a job failed for good, then it is re-requested as a retry with a fresh job id and retryOf", () => {
    const [d] = planReplay([failed(5, JOB_1, { final: true })], ctx);
    expect(d).toEqual({
      action: "replay",
      failed: expect.anything(),
      eventId: `ops-retry:${JOB_1}`,
      request: { jobId: "11111111-2222-4333-8444-555555555555", mappingId: MAPPING_A, jobType: "retry", retryOf: JOB_1, requestedAt: "2025-01-07T09:00:00.000Z", requestedBy: "alice" },
    });
  });

  it("when the same job is replayed twice, then both carry the same event id (the stream's duplicate window keeps one)", () => {
    expect(replayEventId(JOB_1)).toBe(replayEventId(JOB_1));
    expect(replayEventId(JOB_1)).not.toBe(replayEventId(JOB_2));
  });

  it("when a failure is not final or was already retried, then it is skipped with the reason, unless forced", () => {
    const retried = { ...ctx, retries: new Map([[JOB_2, "99999999-2222-4333-8444-555555555555"]]) };
    const decisions = planReplay([failed(1, JOB_1), failed(2, JOB_2, { final: true })], retried);
    expect(decisions.map((d) => [d.action, d.action === "skip" ? d.reason : ""])).toEqual([
      ["skip", "not final: the worker still retries it (--force to replay anyway)"],
      ["skip", "already retried as job 99999999-2222-4333-8444-555555555555 (--force to replay again)"],
    ]);
    expect(planReplay([failed(1, JOB_1), failed(2, JOB_2, { final: true })], { ...retried, force: true }).map((d) => d.action)).toEqual(["replay", "replay"]);
  });
});

describe("formatTable", () => {
  it("when rows are printed, then columns line up and long cells are cut", () => {
    const out = formatTable([{ seq: 1, message: "short" }, { seq: 12, message: "x".repeat(80) }], ["seq", "message"], 10);
    expect(out.split("\n")).toEqual(["seq  message", "1    short", `12   ${"x".repeat(9)}…`]);
  });
});
