// Stored rows → the contract views the commands reply with.
import type { JobView, MappingView } from "@cliq/contracts";
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
  };
}

/** A completed run reports its own duration; for a failed one it is the span start → failure. */
function processingTime(j: ZohoSyncJob): number | null {
  if (j.processingTimeMs !== null) return j.processingTimeMs;
  if (j.startedAt === null || j.finishedAt === null) return null;
  return Math.max(0, j.finishedAt.getTime() - j.startedAt.getTime());
}
