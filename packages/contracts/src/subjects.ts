// Subject and stream names. Every name can carry a deployment prefix so several environments
// (and parallel test files) share one NATS server without seeing each other's traffic.
import { z } from "zod";

export const prefixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{0,32}$/, "letters, digits, '_' or '-' only, at most 32 characters");

export const EVENT_SUBJECTS = {
  syncRequested: "sync.requested",
  syncStarted: "sync.started",
  syncProgress: "sync.progress",
  syncCompleted: "sync.completed",
  syncFailed: "sync.failed",
  tokenRefreshed: "token.refreshed",
  tokenRevoked: "token.revoked",
  authFailed: "auth.failed",
  mappingCreated: "mapping.created",
  mappingDeleted: "mapping.deleted",
  mappingPaused: "mapping.paused",
  mappingResumed: "mapping.resumed",
} as const;
export type EventName = keyof typeof EVENT_SUBJECTS;

export const COMMAND_SUBJECTS = {
  authAuthorizeUrl: "cmd.auth.authorize-url",
  authComplete: "cmd.auth.complete",
  authStatus: "cmd.auth.status",
  authTestConnection: "cmd.auth.test-connection",
  authRefresh: "cmd.auth.refresh",
  authTokenGet: "cmd.auth.token.get",
  authDisconnect: "cmd.auth.disconnect",
  authRotate: "cmd.auth.rotate",
  channelsList: "cmd.channels.list",
  channelsActivity: "cmd.channels.activity",
  mappingCreate: "cmd.mapping.create",
  mappingDelete: "cmd.mapping.delete",
  mappingPause: "cmd.mapping.pause",
  mappingResume: "cmd.mapping.resume",
  mappingGet: "cmd.mapping.get",
  mappingList: "cmd.mapping.list",
  mappingClients: "cmd.mapping.clients",
  mappingRooms: "cmd.mapping.rooms",
  mappingJobs: "cmd.mapping.jobs",
  jobGet: "cmd.mapping.job.get",
} as const;
export type CommandName = keyof typeof COMMAND_SUBJECTS;

export const STREAM_BASE_NAMES = { sync: "SYNC", auth: "AUTH", mapping: "MAPPING" } as const;
export type StreamKey = keyof typeof STREAM_BASE_NAMES;

/** Prepends the deployment prefix to a subject: `p.sync.requested`, or the bare subject when empty. */
export function prefixed(prefix: string, subject: string): string {
  return prefix === "" ? subject : `${prefix}.${subject}`;
}

/** Stream or consumer name with the deployment prefix: `p_SYNC`. */
export function prefixedName(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}_${name}`;
}

/** The subject builders for one deployment prefix. */
export function subjectsFor(prefix: string) {
  prefixSchema.parse(prefix);
  return {
    prefix,
    event: (name: EventName) => prefixed(prefix, EVENT_SUBJECTS[name]),
    command: (name: CommandName) => prefixed(prefix, COMMAND_SUBJECTS[name]),
    stream: (key: StreamKey) => prefixedName(prefix, STREAM_BASE_NAMES[key]),
    consumer: (name: string) => prefixedName(prefix, name),
    /** Wildcard matching every event of the sync stream (`sync.>`). */
    syncAll: prefixed(prefix, "sync.>"),
  };
}
export type Subjects = ReturnType<typeof subjectsFor>;
