// Every command (core NATS request/reply): request schema and reply data schema.
// A reply is always `{ ok: true, data } | { ok: false, error: { code, message, details? } }`.
import { z } from "zod";
import {
  actorSchema,
  commandActorSchema,
  cursorSchema,
  isoDate,
  jobStatus,
  jobType,
  roomKind,
  syncStatus,
  uuid,
  zohoChannelId,
} from "./common.ts";
import { errorBodySchema } from "./errors.ts";
import { syncWarning } from "./events.ts";
import type { CommandName } from "./subjects.ts";

export const replySchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: errorBodySchema }),
  ]);

const withActor = <T extends z.ZodRawShape>(shape: T) => z.object({ actor: actorSchema, ...shape }).strict();
// channel-mapping's commands: the actor may also be a service identity; channel-mapping decides
// which of them a service may call (today only the scheduler's channel-list read).
const withCommandActor = <T extends z.ZodRawShape>(shape: T) => z.object({ actor: commandActorSchema, ...shape }).strict();

// ---- auth ------------------------------------------------------------------------------
export const AUTH_STATES = ["disconnected", "connected", "refreshing", "reauth_required"] as const;

export const authStatus = z.object({
  connected: z.boolean(),
  state: z.enum(AUTH_STATES),
  location: z.string().nullable(),
  accountsServer: z.string().nullable(),
  cliqServer: z.string().nullable(),
  scopes: z.array(z.string()),
  expiresAt: isoDate.nullable(),
  authenticatedBy: z.string().nullable(),
  lastRefreshAt: isoDate.nullable(),
  lastRefreshError: z.string().nullable(),
  tokenVersion: z.number().int().nullable(),
  /** What the admin should do next, when something is wrong. */
  action: z.string().nullable(),
});
export type AuthStatus = z.infer<typeof authStatus>;

const connectionSummary = z.object({ location: z.string(), expiresAt: isoDate, scopes: z.array(z.string()) });

// ---- channels and mappings ---------------------------------------------------------------
export const channelSummary = z.object({
  channelId: z.string(),
  chatId: z.string().nullable(),
  name: z.string(),
  uniqueName: z.string().nullable(),
  level: z.string().nullable(),
  status: z.string().nullable(),
  joined: z.boolean().nullable(),
  participantCount: z.number().int().nullable(),
  lastMessageTime: isoDate.nullable(),
  mapping: z.object({ mappingId: uuid, clientId: uuid, clientName: z.string(), roomId: uuid, roomName: z.string() }).nullable(),
});
export type ChannelSummary = z.infer<typeof channelSummary>;

export const mappingView = z.object({
  id: uuid,
  clientId: uuid,
  roomId: uuid,
  zohoChannelId: z.string(),
  zohoChatId: z.string(),
  zohoChannelName: z.string(),
  syncStatus,
  syncing: z.boolean(),
  lastSyncAt: isoDate.nullable(),
  lastMessageTime: isoDate.nullable(),
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  syncFrom: isoDate,
  syncIntervalMinutes: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type MappingView = z.infer<typeof mappingView>;

/**
 * The warnings of a mapping's latest job (the newest by request time), so the rooms view can mark
 * the room: e.g. messages of one millisecond that the Zoho API cannot reach. The job history keeps
 * every job's own warnings.
 */
export const latestJobWarnings = z.object({
  jobId: uuid,
  status: jobStatus,
  requestedAt: isoDate,
  warnings: z.array(syncWarning).min(1).max(100),
});
export type LatestJobWarnings = z.infer<typeof latestJobWarnings>;

export const roomView = z.object({
  id: uuid,
  clientId: uuid,
  name: z.string(),
  kind: roomKind,
  mapping: mappingView.nullable(),
  /** Null when the room is not mapped or its mapping's latest job has no warnings. */
  latestJobWarnings: latestJobWarnings.nullable(),
});

/** A client as the console's start page lists it: enough to pick one and see how far it is mapped. */
export const clientSummary = z.object({
  id: uuid,
  name: z.string(),
  /** Rooms that can be mapped to a Zoho channel. */
  internalRooms: z.number().int().min(0),
  mappedRooms: z.number().int().min(0),
});

export const jobView = z.object({
  id: uuid,
  mappingId: uuid,
  jobType,
  status: jobStatus,
  messagesFetched: z.number().int(),
  messagesProcessed: z.number().int(),
  processingTimeMs: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  retryOf: uuid.nullable(),
  requestedBy: z.string().nullable(),
  note: z.string().nullable(),
  requestedAt: isoDate,
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  /** What the run could not do (never skipped silently), newest millisecond first, at most 100; empty when none. */
  warnings: z.array(syncWarning).max(100),
});
export type JobView = z.infer<typeof jobView>;

const mappingTarget = withCommandActor({ mappingId: uuid });

export const COMMANDS = {
  authAuthorizeUrl: {
    request: withActor({ redirectUri: z.url().optional(), location: z.string().min(2).max(10).optional() }),
    reply: z.object({ url: z.url(), state: z.string(), expiresAt: isoDate }),
  },
  authComplete: {
    // `actor` is absent only on the browser redirect (GET /auth/zoho/callback): there the single-use
    // state, issued to one user, is what binds the code to that user.
    request: z
      .object({
        actor: actorSchema.optional(),
        code: z.string().min(1).max(500),
        state: z.string().min(1).max(200),
        location: z.string().min(2).max(10).optional(),
        accountsServer: z.url().optional(),
      })
      .strict(),
    reply: connectionSummary,
  },
  authStatus: { request: withActor({}), reply: authStatus },
  authTestConnection: {
    request: withActor({}),
    reply: z.object({ ok: z.boolean(), latencyMs: z.number().int().nonnegative(), channelCount: z.number().int().nullable(), error: errorBodySchema.nullable() }),
  },
  authRefresh: { request: withActor({}), reply: connectionSummary.extend({ version: z.number().int() }) },
  authTokenGet: {
    request: z
      .object({
        minValidityMs: z.number().int().nonnegative().max(3_600_000).optional(),
        /** Cliq rejected the caller's token of this version (401): reply with a newer one. */
        invalidVersion: z.number().int().nonnegative().optional(),
      })
      .strict(),
    reply: z.object({ accessToken: z.string(), expiresAt: isoDate, version: z.number().int(), cliqServer: z.url(), location: z.string() }),
  },
  authDisconnect: { request: withActor({}), reply: z.object({ revoked: z.boolean() }) },
  authRotate: { request: withActor({}), reply: z.object({ reencrypted: z.number().int(), keyId: z.string() }) },

  channelsList: {
    request: withCommandActor({
      search: z.string().max(100).optional(),
      level: z.string().max(20).optional(),
      status: z.string().max(20).optional(),
      joined: z.boolean().optional(),
      refresh: z.boolean().optional(),
    }),
    reply: z.object({ channels: z.array(channelSummary), fetchedAt: isoDate, cached: z.boolean() }),
  },
  /**
   * The newest message time of the given channels, from the cached channel list: what the
   * scheduler's planner needs, and small enough per page of mappings to fit a NATS message (the
   * whole list of 10,000 channels does not). `maxAgeMs`: the cached list serves if it is younger than
   * this by channel-mapping's own clock (no clock skew between services matters: 0 reads Zoho now); a sweep
   * passes its elapsed time plus a margin, so Zoho's list is read once however many pages it asks.
   */
  channelsActivity: {
    request: withCommandActor({
      channelIds: z.array(zohoChannelId).min(1).max(1_000),
      maxAgeMs: z.number().int().min(0).max(86_400_000).optional(),
    }),
    reply: z.object({
      /** One entry per requested channel that the list holds; a channel it does not hold is left out. */
      activity: z.array(z.object({ channelId: zohoChannelId, lastMessageTime: isoDate.nullable() })),
      fetchedAt: isoDate,
      cached: z.boolean(),
    }),
  },
  mappingCreate: {
    request: withCommandActor({
      clientId: uuid,
      roomId: uuid,
      zohoChannelId,
      backfillDays: z.number().int().min(0).max(3650).optional(),
      syncIntervalMinutes: z.number().int().min(5).max(10_080).optional(),
    }),
    reply: mappingView,
  },
  mappingDelete: { request: mappingTarget, reply: z.object({ deleted: z.literal(true) }) },
  mappingPause: { request: mappingTarget, reply: mappingView },
  mappingResume: { request: mappingTarget, reply: mappingView },
  mappingGet: { request: mappingTarget, reply: mappingView },
  mappingList: {
    request: withCommandActor({ clientId: uuid.optional(), roomId: uuid.optional(), status: syncStatus.optional(), zohoChannelId: zohoChannelId.optional() }),
    reply: z.object({ mappings: z.array(mappingView) }),
  },
  mappingClients: {
    request: withCommandActor({
      search: z.string().trim().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      /** The `next` of the previous page. */
      after: uuid.optional(),
    }),
    reply: z.object({ clients: z.array(clientSummary), next: uuid.nullable() }),
  },
  mappingRooms: {
    request: withCommandActor({ clientId: uuid }),
    reply: z.object({ client: z.object({ id: uuid, name: z.string() }), rooms: z.array(roomView) }),
  },
  mappingJobs: {
    request: withCommandActor({ mappingId: uuid, limit: z.number().int().min(1).max(200).default(50), before: isoDate.optional() }),
    reply: z.object({ jobs: z.array(jobView), nextBefore: isoDate.nullable() }),
  },
  jobGet: { request: withCommandActor({ jobId: uuid }), reply: jobView },
} as const satisfies Record<CommandName, { request: z.ZodType; reply: z.ZodType }>;

export type CommandRequest<N extends CommandName> = z.input<(typeof COMMANDS)[N]["request"]>;
export type CommandRequestParsed<N extends CommandName> = z.infer<(typeof COMMANDS)[N]["request"]>;
export type CommandReplyData<N extends CommandName> = z.infer<(typeof COMMANDS)[N]["reply"]>;

export { cursorSchema };
