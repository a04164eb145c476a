// Stored rows → the contract views the commands reply with.
import { syncWarning, type JobView, type LatestJobWarnings, type MappingView, type SyncWarning } from "@cliq/contracts";
import type { ZohoChannelMapping, ZohoSyncJob } from "@cliq/db";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

export function toMappingView(m: ZohoChannelMapping): MappingView {
  return {
    id: m.id,
    clientId: m.clientId,
    roomId: m.roomId,
    zohoChannelId: m.zohoChannelId,
    zohoChatId: m.zohoChatId,
    zohoChannelName: m.zohoChannelName,
    syncStatus: m.syncStatus,
    syncing: m.syncing,
    lastSyncAt: isoOrNull(m.lastSyncAt),
    lastMessageTime: isoOrNull(m.lastMessageTime),
    lastError: m.lastError,
    lastErrorCode: m.lastErrorCode,
    syncFrom: iso(m.syncFrom),
    syncIntervalMinutes: m.syncIntervalMinutes,
    createdBy: m.createdBy,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  };
}

export function toJobView(j: ZohoSyncJob): JobView {
  return {
    id: j.id,
    mappingId: j.mappingId,
    jobType: j.jobType,
    status: j.status,
    messagesFetched: j.messagesFetched,
    messagesProcessed: j.messagesProcessed,
    processingTimeMs: processingTime(j),
    errorCode: j.errorCode,
    errorMessage: j.errorMessage,
    retryOf: j.retryOf,
    requestedBy: j.requestedBy,
    note: j.note,
    requestedAt: iso(j.requestedAt),
    startedAt: isoOrNull(j.startedAt),
    finishedAt: isoOrNull(j.finishedAt),
    warnings: storedWarnings(j.warnings),
  };
}

/** The rooms view's mark: the warnings of the mapping's newest job, or null when it has none. */
export function toLatestJobWarnings(j: Pick<ZohoSyncJob, "id" | "status" | "requestedAt" | "warnings"> | undefined): LatestJobWarnings | null {
  const warnings = j === undefined ? [] : storedWarnings(j.warnings);
  if (j === undefined || warnings.length === 0) return null;
  return { jobId: j.id, status: j.status, requestedAt: iso(j.requestedAt), warnings };
}

/** zoho_sync_jobs.warnings (written by jobs-repo from validated events): NULL reads as none. */
function storedWarnings(json: ZohoSyncJob["warnings"]): SyncWarning[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((w) => {
    const parsed = syncWarning.safeParse(w);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A completed run reports its own duration; for a failed one it is the span start → failure. */
function processingTime(j: ZohoSyncJob): number | null {
  if (j.processingTimeMs !== null) return j.processingTimeMs;
  if (j.startedAt === null || j.finishedAt === null) return null;
  return Math.max(0, j.finishedAt.getTime() - j.startedAt.getTime());
}
