// The sync events one run emits, with ids derived from the job, so a run that is retried or
// re-delivered re-publishes the same ids and JetStream's duplicate window stores them once.
import { createHash } from "node:crypto";
import type { Cursor, EventData, JOB_TYPES } from "@cliq/contracts";

type JobType = (typeof JOB_TYPES)[number];
import type { Publisher } from "@cliq/runtime";

export type JobRef = { jobId: string; mappingId: string; correlationId: string };

/** A v5-style UUID from a name: the continuation of a job always gets the same job id. */
export function derivedUuid(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export type SyncEvents = ReturnType<typeof createSyncEvents>;

export function createSyncEvents(publisher: Publisher) {
  const opts = (job: JobRef, id: string) => ({ id, correlationId: job.correlationId });
  const ref = (job: JobRef) => ({ jobId: job.jobId, mappingId: job.mappingId });
  return {
    started: (job: JobRef, d: Omit<EventData<"syncStarted">, "jobId" | "mappingId">) =>
      publisher.publish("syncStarted", { ...ref(job), ...d }, opts(job, `${job.jobId}:started:${d.attempt}`)),
    progress: (job: JobRef, d: Omit<EventData<"syncProgress">, "jobId" | "mappingId">) =>
      publisher.publish("syncProgress", { ...ref(job), ...d }, opts(job, `${job.jobId}:progress:${d.messagesProcessed}:${d.cursor.time ?? "none"}`)),
    completed: (job: JobRef, d: Omit<EventData<"syncCompleted">, "jobId" | "mappingId">) =>
      publisher.publish("syncCompleted", { ...ref(job), ...d }, opts(job, `${job.jobId}:completed`)),
    failed: (job: JobRef, d: Omit<EventData<"syncFailed">, "jobId" | "mappingId">) =>
      publisher.publish("syncFailed", { ...ref(job), ...d }, opts(job, `${job.jobId}:failed:${d.attempt}`)),
    /** Queues the rest of a capped run; the same job always queues the same continuation. */
    async continuation(job: JobRef, jobType: JobType, requestedAt: string): Promise<string> {
      const jobId = derivedUuid(`${job.jobId}:continuation`);
      await publisher.publish("syncRequested", { jobId, mappingId: job.mappingId, jobType, requestedAt, continuationOf: job.jobId }, opts(job, jobId));
      return jobId;
    },
  };
}

export function cursorEventFields(cursor: Cursor): { cursor: Cursor; lastMessageTime: string | null } {
  return { cursor, lastMessageTime: cursor.time === null ? null : new Date(cursor.time).toISOString() };
}
