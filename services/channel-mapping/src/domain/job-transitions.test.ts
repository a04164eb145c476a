import { describe, expect, it } from "vitest";
import { JOB_STATUSES } from "@cliq/contracts";
import { JOB_STATUS_RANK, applyTransition, isTerminal, jobTransition, type JobStatus, type TransitionInput } from "./job-transitions.ts";

const EVENTS: TransitionInput[] = [
  { name: "syncRequested" },
  { name: "syncStarted" },
  { name: "syncProgress" },
  { name: "syncCompleted" },
  { name: "syncFailed", final: true },
  { name: "syncFailed", final: false },
];

describe("job status transitions", () => {
  it("when a job is first seen, then it takes the status the event stands for", () => {
    expect(applyTransition(null, jobTransition({ name: "syncRequested" }))).toBe("pending");
    expect(applyTransition(null, jobTransition({ name: "syncProgress" }))).toBe("running");
    expect(applyTransition(null, jobTransition({ name: "syncFailed", final: true }))).toBe("failed");
    expect(applyTransition(null, jobTransition({ name: "syncFailed", final: false }))).toBe("running");
  });

  it("when the events arrive in order, then the job walks pending → running → completed", () => {
    let s: JobStatus | null = null;
    for (const e of [{ name: "syncRequested" }, { name: "syncStarted" }, { name: "syncProgress" }, { name: "syncCompleted" }] as const) {
      s = applyTransition(s, jobTransition(e));
    }
    expect(s).toBe("completed");
  });

  it("when any event meets any status, then the status never moves to a lower rank", () => {
    for (const status of JOB_STATUSES) {
      for (const e of EVENTS) {
        const next = applyTransition(status, jobTransition(e));
        expect(JOB_STATUS_RANK[next], `${status} + ${JSON.stringify(e)}`).toBeGreaterThanOrEqual(JOB_STATUS_RANK[status]);
      }
    }
  });

  it("when a job is terminal, then no event changes it (not even the other terminal status)", () => {
    for (const status of JOB_STATUSES.filter(isTerminal)) {
      for (const e of EVENTS) expect(applyTransition(status, jobTransition(e))).toBe(status);
    }
  });

  it("when a late sync.started or sync.requested arrives for a running job, then it stays running", () => {
    expect(applyTransition("running", jobTransition({ name: "syncStarted" }))).toBe("running");
    expect(applyTransition("running", jobTransition({ name: "syncRequested" }))).toBe("running");
  });

  it("when a non-final failure arrives, then the job stays in flight instead of failing", () => {
    expect(applyTransition("pending", jobTransition({ name: "syncFailed", final: false }))).toBe("running");
    expect(applyTransition("running", jobTransition({ name: "syncFailed", final: false }))).toBe("running");
  });

  it("when the same event is applied twice, then the second application changes nothing", () => {
    for (const status of JOB_STATUSES) {
      for (const e of EVENTS) {
        const once = applyTransition(status, jobTransition(e));
        expect(applyTransition(once, jobTransition(e))).toBe(once);
      }
    }
  });

  it("when the events of a run are applied in any order, then the final status is the same", () => {
    const run: TransitionInput[] = [{ name: "syncRequested" }, { name: "syncStarted" }, { name: "syncProgress" }, { name: "syncFailed", final: false }, { name: "syncCompleted" }];
    const finals = new Set<JobStatus>();
    for (const order of permutations(run)) {
      let s: JobStatus | null = null;
      for (const e of order) s = applyTransition(s, jobTransition(e));
      finals.add(s!);
    }
    expect([...finals]).toEqual(["completed"]);
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
