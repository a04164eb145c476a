// Types for live-state.js (plain browser JS, typed for the gateway's unit tests).
import type { JobView, MappingView } from "@cliq/contracts";

export type LiveJob = Partial<JobView> & { id: string; mappingId: string; status: JobView["status"]; messagesFetched: number; messagesProcessed: number; outcome?: string };
export type LiveMapping = {
  at: string;
  phase: "syncing" | "synced" | "failed" | "paused" | "idle";
  jobId?: string;
  fetched?: number;
  retrying?: boolean;
  error?: string;
  code?: string;
  lastSyncAt?: string;
  lastMessageTime?: string;
};
export type LiveState = { jobs: Map<string, LiveJob>; mappings: Map<string, LiveMapping> };
export type EventEnvelope = { id?: string; type: string; occurredAt: string; source?: string; data: Record<string, unknown> };
export type Badge = { tone: "unmapped" | "paused" | "syncing" | "error" | "active"; icon: string; label: string; error?: string };

export function emptyLiveState(): LiveState;
export function applyEvent(state: LiveState, envelope: EventEnvelope): string | undefined;
export function markRequested(state: LiveState, mappingId: string, jobId: string, at?: string): void;
export function badgeFor(mapping: MappingView | null | undefined, live: LiveMapping | undefined): Badge;
export function mergeJobs(fetched: JobView[], state: LiveState, mappingId: string): JobView[];
export function unionWarnings(a: JobView["warnings"] | undefined, b: JobView["warnings"] | undefined): JobView["warnings"];
export function laterTime(a: string | null | undefined, b: string | null | undefined): string | null;
