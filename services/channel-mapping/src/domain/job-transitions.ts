// Which sync event may move a job to which status. The projection applies these rules inside one
// conditional UPDATE (`status = CASE WHEN status = ANY(from) THEN to ELSE status END`), so a
// redelivered, replayed or out-of-order event can never move a job backwards.
import type { JOB_STATUSES } from "@cliq/contracts";

export type JobStatus = (typeof JOB_STATUSES)[number];

export type SyncEventName = "syncRequested" | "syncStarted" | "syncProgress" | "syncCompleted" | "syncFailed";

/** The facts of an event that decide its transition (a sync.failed needs `final`). */
export type TransitionInput = { name: Exclude<SyncEventName, "syncFailed"> } | { name: "syncFailed"; final: boolean };

export type JobTransition = {
  /** The status the event stands for. */
  to: JobStatus;
  /** The statuses it may move a job from; a job in any other status keeps it. */
  from: readonly JobStatus[];
};

/** pending < running < completed | failed. Terminal statuses share the top rank and never change. */
export const JOB_STATUS_RANK: Record<JobStatus, number> = { pending: 0, running: 1, completed: 2, failed: 2 } as const;

export function isTerminal(status: JobStatus): boolean {
  return status === "completed" || status === "failed";
}

/** Every status strictly below `to`: the only ones an event for `to` may leave. */
function below(to: JobStatus): JobStatus[] {
  return (Object.keys(JOB_STATUS_RANK) as JobStatus[]).filter((s) => JOB_STATUS_RANK[s] < JOB_STATUS_RANK[to]);
}

export function jobTransition(event: TransitionInput): JobTransition {
  switch (event.name) {
    case "syncRequested":
      return { to: "pending", from: [] };
    case "syncStarted":
    case "syncProgress":
      // Progress implies the run started, even if sync.started has not been seen yet.
      return { to: "running", from: below("running") };
    case "syncCompleted":
      return { to: "completed", from: below("completed") };
    case "syncFailed":
      // A non-final failure will be redelivered to a worker: the job is still in flight.
      return event.final ? { to: "failed", from: below("failed") } : { to: "running", from: below("running") };
  }
}

/** The status after applying `t` to a job in `current` (null: the job is not known yet). */
export function applyTransition(current: JobStatus | null, t: JobTransition): JobStatus {
  if (current === null) return t.to;
  return t.from.includes(current) ? t.to : current;
}
