// Example replies for every command, shown in the OpenAPI document (/docs) and used by inject()
// tests as the stand-in command client's answers — so every example is also checked against the
// contract (examples.test.ts) and cannot drift from what the services really send.
import type { CommandName, CommandReplyData, JobView, MappingView, SyncWarning } from "@cliq/contracts";
import type { z } from "zod";

export const EXAMPLE = {
  clientId: "3f0c9a56-2b1d-4e8a-9c47-5d2e8b1f6a10",
  roomId: "8b2e4c1d-7a3f-4b5e-9d6c-1e0f2a3b4c5d",
  otherRoomId: "c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f",
  mappingId: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f",
  jobId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  warnedJobId: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
  channelId: "T4000000040005",
  chatId: "CT_1256372829012345678_7012345",
  user: "admin@example.com",
} as const;

const T0 = "2026-01-05T02:00:00.000Z";
const T1 = "2026-01-05T02:00:09.120Z";

export const exampleMapping: MappingView = {
  id: EXAMPLE.mappingId,
  clientId: EXAMPLE.clientId,
  roomId: EXAMPLE.roomId,
  zohoChannelId: EXAMPLE.channelId,
  zohoChatId: EXAMPLE.chatId,
  zohoChannelName: "#support-acme",
  syncStatus: "active",
  syncing: false,
  lastSyncAt: T1,
  lastMessageTime: "2026-01-05T01:58:41.000Z",
  lastError: null,
  lastErrorCode: null,
  syncFrom: "2025-12-06T00:00:00.000Z",
  syncIntervalMinutes: null,
  createdBy: EXAMPLE.user,
  createdAt: "2025-12-06T10:12:00.000Z",
  updatedAt: T1,
};

/** A failed run (the kind that can be retried). */
export const exampleJob: JobView = {
  id: EXAMPLE.jobId,
  mappingId: EXAMPLE.mappingId,
  jobType: "scheduled",
  status: "failed",
  messagesFetched: 100,
  messagesProcessed: 100,
  processingTimeMs: 8_412,
  errorCode: "ingest_unavailable",
  errorMessage: "ingest answered 503 after 4 attempts",
  retryOf: null,
  requestedBy: "scheduler",
  note: null,
  requestedAt: T0,
  startedAt: "2026-01-05T02:00:00.700Z",
  finishedAt: T1,
  warnings: [],
};

/** A millisecond the Zoho API cannot read in full (more messages than one page returns). */
export const exampleWarning: SyncWarning = {
  code: "unreachable_messages",
  chatId: EXAMPLE.chatId,
  time: Date.parse("2026-01-05T01:12:00.123Z"),
  seen: 100,
  message: "More messages share the millisecond 2026-01-05T01:12:00.123Z than one Zoho page returns: 100 of them were read, the rest cannot be reached through the Zoho API.",
};

/** A completed run that reports messages it could not reach. */
export const exampleWarnedJob: JobView = {
  ...exampleJob,
  id: EXAMPLE.warnedJobId,
  jobType: "manual",
  status: "completed",
  messagesFetched: 412,
  messagesProcessed: 412,
  processingTimeMs: 3_950,
  errorCode: null,
  errorMessage: null,
  requestedBy: EXAMPLE.user,
  requestedAt: "2026-01-05T02:10:00.000Z",
  startedAt: "2026-01-05T02:10:00.300Z",
  finishedAt: "2026-01-05T02:10:04.250Z",
  warnings: [exampleWarning],
};

const connection = { location: "eu", expiresAt: "2026-01-05T03:00:00.000Z", scopes: ["ZohoCliq.Channels.READ", "ZohoCliq.Messages.READ"] };

export const COMMAND_EXAMPLES: { [N in CommandName]: CommandReplyData<N> } = {
  authAuthorizeUrl: {
    url: "https://accounts.zoho.eu/oauth/v2/auth?scope=ZohoCliq.Channels.READ,ZohoCliq.Messages.READ&client_id=1000.ABC&response_type=code&access_type=offline&state=st_8f2a",
    state: "st_8f2a",
    expiresAt: "2026-01-05T02:10:00.000Z",
  },
  authComplete: connection,
  authStatus: {
    connected: true,
    state: "connected",
    location: "eu",
    accountsServer: "https://accounts.zoho.eu",
    cliqServer: "https://cliq.zoho.eu",
    scopes: connection.scopes,
    expiresAt: connection.expiresAt,
    authenticatedBy: EXAMPLE.user,
    lastRefreshAt: T0,
    lastRefreshError: null,
    tokenVersion: 12,
    action: null,
  },
  authTestConnection: { ok: true, latencyMs: 184, channelCount: 1, error: null },
  authRefresh: { ...connection, version: 13 },
  authTokenGet: { accessToken: "1000.example-access-token", expiresAt: connection.expiresAt, version: 13, cliqServer: "https://cliq.zoho.eu", location: "eu" },
  authDisconnect: { revoked: true },
  authRotate: { reencrypted: 1, keyId: "k2" },
  channelsList: {
    channels: [
      {
        channelId: EXAMPLE.channelId,
        chatId: EXAMPLE.chatId,
        name: "#support-acme",
        uniqueName: "supportacme",
        level: "organization",
        status: "created",
        joined: true,
        participantCount: 14,
        lastMessageTime: "2026-01-05T01:58:41.000Z",
        mapping: { mappingId: EXAMPLE.mappingId, clientId: EXAMPLE.clientId, clientName: "Acme GmbH", roomId: EXAMPLE.roomId, roomName: "Support" },
      },
    ],
    fetchedAt: T0,
    cached: false,
  },
  channelsActivity: { activity: [{ channelId: EXAMPLE.channelId, lastMessageTime: "2026-01-05T01:58:41.000Z" }], fetchedAt: T0, cached: true },
  mappingCreate: exampleMapping,
  mappingDelete: { deleted: true },
  mappingPause: { ...exampleMapping, syncStatus: "paused" },
  mappingResume: exampleMapping,
  mappingGet: exampleMapping,
  mappingList: { mappings: [exampleMapping] },
  mappingClients: { clients: [{ id: EXAMPLE.clientId, name: "Acme GmbH", internalRooms: 2, mappedRooms: 1 }], next: null },
  mappingRooms: {
    client: { id: EXAMPLE.clientId, name: "Acme GmbH" },
    rooms: [
      {
        id: EXAMPLE.roomId,
        clientId: EXAMPLE.clientId,
        name: "Support",
        kind: "internal",
        mapping: exampleMapping,
        latestJobWarnings: { jobId: exampleWarnedJob.id, status: exampleWarnedJob.status, requestedAt: exampleWarnedJob.requestedAt, warnings: exampleWarnedJob.warnings },
      },
      { id: EXAMPLE.otherRoomId, clientId: EXAMPLE.clientId, name: "Sales", kind: "internal", mapping: null, latestJobWarnings: null },
    ],
  },
  mappingJobs: { jobs: [exampleWarnedJob, exampleJob], nextBefore: null },
  jobGet: exampleJob,
};

/** The schema with an example attached for the OpenAPI document (validation is unchanged). */
export function withExample<T extends z.ZodType>(schema: T, example: z.output<T>): T {
  return schema.meta({ example }) as T;
}
