// Wire shapes use Zoho's own field names (doc §2.3, §2.6) so a client parses the simulator's
// answers exactly as it will parse Cliq's. Mixed number/string fields are deliberate: Cliq
// sends both forms (doc §2.3 notes, §2.6 field facts).
import type { MessageQuirks } from "./domain/quirks.ts";

export type EndpointClass = "messages" | "channels" | "channel";

export type SimUser = { id: string; name: string; email?: string };

export type SimLastMessageInfo = {
  sender_id: string;
  sender_name: string;
  message_type: SimMessageType;
  time: number | string;
  text: string;
};

export type SimChannel = {
  channel_id: string;
  /** null (or "null") for a channel the user never opened: unreadable (doc §2.2). */
  chat_id: string | null;
  name: string;
  unique_name: string;
  description?: string;
  level: "organization" | "team" | "private" | "external" | "personal";
  status: "created" | "pending" | "archived";
  invite_only?: boolean;
  joined: boolean;
  pinned?: boolean;
  organization_id: string;
  creator_id?: string;
  creator_name?: string;
  /** epoch ms on some channels, ISO-8601 with offset on others (doc §2.3). */
  creation_time: number | string;
  last_modified_time: number | string;
  /** sometimes a string (doc §2.3). */
  participant_count: number | string;
  /** always a string; counts entries the messages API never returns (doc §2.3). */
  total_message_count: string;
  unread_message_count?: number;
  current_user_role?: string;
  teams?: Record<string, string>;
  last_message_info?: SimLastMessageInfo;
};

export type SimMessageType = "text" | "file" | "info" | "deleted";

export type SimFile = {
  name: string;
  type: string;
  id: string;
  dimensions: { height?: number; width?: number; size: number };
};

export type SimMessageContent = {
  text?: string;
  file?: SimFile;
  thumbnail?: { height: number; width: number; blur_data: string };
  comment?: string;
  /** edit metadata lives inside content, never at the root (doc §2.6). */
  edited?: boolean;
  edited_time?: number;
};

export type SimThreadInformation = {
  chat_id: string;
  title: string;
  message_count: number;
  follower_count: number;
  is_follower: boolean;
  /** the parent id with a URL-encoded space instead of "_" (doc §2.8). */
  thread_message_id: string;
};

export type SimMessage = {
  /** `<epoch-ms>_<n>` (doc §2.2). */
  id: string;
  /** epoch ms; occasionally a numeric string (doc §2.6). */
  time: number | string;
  type: SimMessageType;
  sender: { id: string; name: string };
  content: SimMessageContent;
  revision?: number;
  thread_information?: SimThreadInformation;
};

/** an entry the messages API never returns (deleted, system) that still takes a slot in the `limit` window (doc §2.6, §2.3). */
export type SimHiddenEntry = { id: string; time: number };

export type GeneratedOrg = {
  organizationId: string;
  users: SimUser[];
  channels: SimChannel[];
  /** keyed by chat_id: channel chats and thread chats (`<chat>-T-<n>`), each ascending by time. */
  messages: Record<string, SimMessage[]>;
  /** keyed by chat_id: hidden entries, ascending; interleaved with the messages by time. */
  hidden?: Record<string, SimHiddenEntry[]>;
};

export type RateLimitConfig = {
  perMinute: Record<EndpointClass, number>;
  lockMs: number;
  throttleStatus: 400 | 429;
  windowMs: number;
  tokenRefreshPer10Min: number;
  tokenThrottleStatus: 200 | 400;
};

/** Partial<RateLimitConfig>, with perMinute also partial (unnamed classes keep their value). */
export type RateLimitPatch = Partial<Omit<RateLimitConfig, "perMinute">> & { perMinute?: Partial<Record<EndpointClass, number>> };

export type FaultEndpoint = EndpointClass | "token" | "revoke" | "any";

export type FaultRule = {
  endpoint: FaultEndpoint;
  kind: "latency" | "status5xx" | "timeout" | "malformedJson" | "errorBody200" | "htmlError" | "throttle" | "unauthorized";
  latencyMs?: number;
  status?: number;
  times?: number;
  rate?: number;
};

export type DataCentre = { location: string; accountsServer: string; cliqServer: string };

export type SimulatorOptions = {
  port?: number;
  host?: string;
  locations?: string[];
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  user?: { id: string; name: string; email: string };
  data?: GeneratedOrg;
  limits?: RateLimitPatch;
  quirks?: Partial<MessageQuirks>;
  now?: () => number;
};

export type RequestClass = EndpointClass | "token" | "revoke" | "authorize";

export type SimulatorCounters = {
  requests: Record<RequestClass, number>;
  throttles: Record<EndpointClass | "token", number>;
  tokenGrants: { authorization_code: number; refresh_token: number };
};

export type SimClock = { now(): number; advance(ms: number): void; set(ms: number): void };

export type Simulator = {
  url: string;
  dataCentres: Record<string, DataCentre>;
  clientId: string;
  clientSecret: string;
  clock: SimClock;
  counters(): SimulatorCounters;
  resetCounters(): void;
  setLimits(l: RateLimitPatch): void;
  limits(): RateLimitConfig;
  /** validated; a bad patch throws naming the field and changes nothing */
  setQuirks(patch: Partial<MessageQuirks>): void;
  quirks(): MessageQuirks;
  /** locks an endpoint class for the simulated user now, for lockMs (default limits().lockMs), as if its budget had run out */
  throttleNow(cls: EndpointClass, lockMs?: number): void;
  faults: { inject(rule: FaultRule): void; clear(): void };
  revokeAllTokens(): void;
  expireAccessTokens(): void;
  addMessages(chatId: string, msgs: SimMessage[]): void;
  /** entries that take a slot in the messages window but are never returned; counted in total_message_count */
  addHiddenEntries(chatId: string, entries: SimHiddenEntry[]): void;
  addChannel(ch: SimChannel): void;
  /** addChannel + addMessages + addHiddenEntries, e.g. for a generateChat() history */
  addChat(ch: SimChannel, chat: { messages: SimMessage[]; hidden?: SimHiddenEntry[] }): void;
  removeChannel(channelId: string): void;
  denyChannel(chatId: string): void;
  channels(): SimChannel[];
  /** the visible messages only: the ground truth of what can be fetched */
  messages(chatId: string): SimMessage[];
  hiddenEntries(chatId: string): SimHiddenEntry[];
  issueTokensForTest(opts?: { scopes?: string[]; location?: string }): { accessToken: string; refreshToken: string; expiresIn: number };
  close(): Promise<void>;
};
