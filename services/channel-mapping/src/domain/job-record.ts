// What one sync event contributes to its job's row in zoho_sync_jobs. The repository merges it
// into the stored row field by field (status by transition, counters by maximum, the error of
// the latest failure, metadata from sync.requested, warnings by union: domain/job-warnings.ts), so
// the final row does not depend on the order or the number of times the events were applied.
import type { JOB_TYPES, SyncWarning } from "@cliq/contracts";
import { jobTransition, type JobStatus, type JobTransition } from "./job-transitions.ts";
import { mergeWarnings } from "./job-warnings.ts";

export type JobType = (typeof JOB_TYPES)[number];
import type { SyncEvent } from "./mapping-sync-effect.ts";

export type JobRecord = {
  jobId: string;
  mappingId: string;
  transition: JobTransition;
  /** Only sync.requested knows the job's type, requester and request time. */
  fromRequest: boolean;
  /** A job first seen through a later event gets a placeholder until its sync.requested arrives. */
  jobType: JobType;
  requestedAt: Date;
  requestedBy: string | null;
  retryOf: string | null;
  note: string | null;
  messagesFetched: number;
  messagesProcessed: number;
  processingTimeMs: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: { code: string; message: string; at: Date } | null;
  /** This event's warnings, already in their stored form (mergeWarnings); empty when none. */
  warnings: SyncWarning[];
  occurredAt: Date;
};

export const PLACEHOLDER_JOB_TYPE: JobType = "scheduled";

export function jobRecordFor(event: SyncEvent, occurredAt: Date): JobRecord {
  const base = {
    jobId: event.data.jobId,
    mappingId: event.data.mappingId,
    fromRequest: false,
    jobType: PLACEHOLDER_JOB_TYPE,
    requestedAt: occurredAt,
    requestedBy: null,
    retryOf: null,
    note: null,
    messagesFetched: 0,
    messagesProcessed: 0,
    processingTimeMs: null,
    startedAt: null,
    finishedAt: null,
    error: null,
    warnings: [],
    occurredAt,
  };
  switch (event.name) {
    case "syncRequested": {
      const d = event.data;
      return {
        ...base,
        transition: jobTransition({ name: "syncRequested" }),
        fromRequest: true,
        jobType: d.jobType,
        requestedAt: new Date(d.requestedAt),
        requestedBy: d.requestedBy ?? null,
        retryOf: d.retryOf ?? null,
        note: d.continuationOf === undefined ? null : `continues job ${d.continuationOf} (per-run cap reached)`,
      };
    }
    case "syncStarted":
      return { ...base, transition: jobTransition({ name: "syncStarted" }), startedAt: new Date(event.data.startedAt) };
    case "syncProgress":
      return { ...base, transition: jobTransition({ name: "syncProgress" }), ...counts(event.data), warnings: mergeWarnings(event.data.warnings) };
    case "syncCompleted": {
      const d = event.data;
      return {
        ...base,
        transition: jobTransition({ name: "syncCompleted" }),
        ...counts(d),
        processingTimeMs: d.durationMs,
        finishedAt: new Date(d.finishedAt),
        note: completionNote(d.outcome, d.reason, d.continued),
        warnings: mergeWarnings(d.warnings),
      };
    }
    case "syncFailed": {
      const d = event.data;
      const transition = jobTransition({ name: "syncFailed", final: d.final });
      return {
        ...base,
        transition,
        ...counts(d),
        finishedAt: isTerminalStatus(transition.to) ? new Date(d.failedAt) : null,
        error: { code: d.code, message: d.message, at: new Date(d.failedAt) },
        warnings: mergeWarnings(d.warnings),
      };
    }
  }
}

function counts(d: { messagesFetched: number; messagesProcessed: number }) {
  return { messagesFetched: d.messagesFetched, messagesProcessed: d.messagesProcessed };
}

function isTerminalStatus(s: JobStatus): boolean {
  return s === "completed" || s === "failed";
}

function completionNote(outcome: "synced" | "skipped" | "coalesced", reason: string | undefined, continued: boolean): string | null {
  if (outcome !== "synced") return reason === undefined ? outcome : `${outcome}: ${reason}`;
  if (continued) return "per-run cap reached; continued in a new job";
  return reason ?? null;
}
