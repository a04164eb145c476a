// Pure logic of the ops CLI: which failed jobs a selection means, and what replaying them does.
import type { EventData } from "@cliq/contracts";
import type { FailureFilter } from "./args.ts";

export type StoredEvent<T = unknown> = { seq: number; time: Date; subject: string; id: string; data: T };
export type FailedEvent = StoredEvent<EventData<"syncFailed">>;

/** Latest failure per job, newest first. A job fails once per delivery attempt; the last one says how it ended. */
export function latestFailures(events: readonly FailedEvent[], filter: FailureFilter): FailedEvent[] {
  const byJob = new Map<string, FailedEvent>();
  for (const e of events) {
    const prev = byJob.get(e.data.jobId);
    if (prev === undefined || e.seq > prev.seq) byJob.set(e.data.jobId, e);
  }
  return [...byJob.values()]
    .filter((e) => matches(e, filter))
    .sort((a, b) => b.seq - a.seq);
}

function matches(e: FailedEvent, f: FailureFilter): boolean {
  if (f.mappingId !== undefined && e.data.mappingId !== f.mappingId) return false;
  if (f.code !== undefined && e.data.code !== f.code) return false;
  if (f.jobIds.length > 0 && !f.jobIds.includes(e.data.jobId)) return false;
  if (f.since !== undefined && e.time < f.since) return false;
  if (f.until !== undefined && e.time > f.until) return false;
  return true;
}

/**
 * The replay's event id (= Nats-Msg-Id), derived from the failed job: replaying the same job twice
 * inside the SYNC stream's duplicate window stores one request. The job id itself is fresh, so a
 * replay after the window is a new job rather than one the worker would treat as already done.
 */
export function replayEventId(failedJobId: string): string {
  return `ops-retry:${failedJobId}`;
}

export type ReplayDecision =
  | { action: "replay"; failed: FailedEvent; request: EventData<"syncRequested">; eventId: string }
  | { action: "skip"; failed: FailedEvent; reason: string };

export type ReplayContext = {
  /** failed job id → the job id of a retry already requested for it (found on the stream). */
  retries: ReadonlyMap<string, string>;
  force: boolean;
  by: string;
  now: Date;
  newJobId: () => string;
};

export function planReplay(failures: readonly FailedEvent[], ctx: ReplayContext): ReplayDecision[] {
  return failures.map((failed): ReplayDecision => {
    const { jobId, mappingId, final } = failed.data;
    if (!final && !ctx.force) return { action: "skip", failed, reason: "not final: the worker still retries it (--force to replay anyway)" };
    const retry = ctx.retries.get(jobId);
    if (retry !== undefined && !ctx.force) return { action: "skip", failed, reason: `already retried as job ${retry} (--force to replay again)` };
    return {
      action: "replay",
      failed,
      eventId: replayEventId(jobId),
      request: { jobId: ctx.newJobId(), mappingId, jobType: "retry", retryOf: jobId, requestedAt: ctx.now.toISOString(), requestedBy: ctx.by },
    };
  });
}

/** A plain text table: one header row, columns padded to the widest cell, long cells cut. */
export function formatTable(rows: ReadonlyArray<Record<string, string | number | boolean>>, columns: readonly string[], maxWidth = 60): string {
  const cell = (v: unknown) => {
    const s = String(v ?? "");
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line([...columns]), ...cells.map(line)].join("\n");
}
