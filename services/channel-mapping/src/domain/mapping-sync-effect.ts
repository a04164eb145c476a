// What a sync event means for its mapping's live status (sync_status, syncing, last_error …).
// The repository applies the effect guarded by the mapping's `sync_event_at`, so an event older
// than the newest one already applied (a replay, a redelivery) cannot move the mapping back.
import type { EventData } from "@cliq/contracts";

export type SyncEvent =
  | { name: "syncRequested"; data: EventData<"syncRequested"> }
  | { name: "syncStarted"; data: EventData<"syncStarted"> }
  | { name: "syncProgress"; data: EventData<"syncProgress"> }
  | { name: "syncCompleted"; data: EventData<"syncCompleted"> }
  | { name: "syncFailed"; data: EventData<"syncFailed"> };

export type MappingError = { code: string; message: string; retryable: boolean };

export type MappingSyncEffect =
  | { kind: "none" }
  /** Only moves last_message_time forward. */
  | { kind: "progress"; lastMessageTime: Date | null }
  /** A run began: syncing = true, remembered as the run that set it. */
  | { kind: "started"; jobId: string }
  /** A run delivered what it found: active (unless paused), error cleared, syncing = false. */
  | { kind: "synced"; jobId: string; finishedAt: Date; lastMessageTime: Date | null }
  /** Skipped or coalesced: status untouched; clears `syncing` only if this job had set it. */
  | { kind: "released"; jobId: string }
  /** A failed attempt: syncing = false, error recorded; `toError` moves the mapping to error. */
  | { kind: "failed"; jobId: string; toError: boolean; error: MappingError };

export function mappingSyncEffect(event: SyncEvent): MappingSyncEffect {
  switch (event.name) {
    case "syncRequested":
      return { kind: "none" };
    case "syncStarted":
      return { kind: "started", jobId: event.data.jobId };
    case "syncProgress":
      return { kind: "progress", lastMessageTime: cursorTime(event.data.cursor.time) };
    case "syncCompleted": {
      const d = event.data;
      if (d.outcome !== "synced") return { kind: "released", jobId: d.jobId };
      return {
        kind: "synced",
        jobId: d.jobId,
        finishedAt: new Date(d.finishedAt),
        lastMessageTime: d.lastMessageTime === null ? cursorTime(d.cursor.time) : new Date(d.lastMessageTime),
      };
    }
    case "syncFailed": {
      const d = event.data;
      // needsAdmin: nothing will fix itself (reconnect, channel removed, access denied).
      const toError = d.needsAdmin || d.final;
      return {
        kind: "failed",
        jobId: d.jobId,
        toError,
        error: { code: d.code, message: d.message, retryable: d.retryable && !d.needsAdmin },
      };
    }
  }
}

function cursorTime(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
