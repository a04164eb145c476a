// JetStream stream and consumer definitions. Only NATS 2.9 features (see STACK.md): one
// filter subject per consumer, limits retention, Nats-Msg-Id de-duplication.
import type { StreamKey } from "./subjects.ts";
import { EVENT_SUBJECTS } from "./subjects.ts";

const DAY_NS = 24 * 60 * 60 * 1e9;
const SEC_NS = 1e9;

export type StreamDefinition = {
  key: StreamKey;
  /** Subjects before the deployment prefix. */
  subjects: string[];
  maxAgeNs: number;
  duplicateWindowNs: number;
};

export const STREAMS: Record<StreamKey, StreamDefinition> = {
  // Long retention so ops can list and replay failed runs; limits (not work-queue) retention so
  // the job projection can be rebuilt from the whole history.
  sync: { key: "sync", subjects: ["sync.>"], maxAgeNs: 30 * DAY_NS, duplicateWindowNs: 10 * 60 * SEC_NS },
  auth: { key: "auth", subjects: ["token.>", "auth.>"], maxAgeNs: 30 * DAY_NS, duplicateWindowNs: 2 * 60 * SEC_NS },
  mapping: { key: "mapping", subjects: ["mapping.>"], maxAgeNs: 90 * DAY_NS, duplicateWindowNs: 2 * 60 * SEC_NS },
};

export type ConsumerDefinition = {
  stream: StreamKey;
  /** Durable name before the deployment prefix. */
  durable: string;
  /** Filter subject before the deployment prefix. */
  filterSubject: string;
  ackWaitMs: number;
  maxDeliver: number;
  /** Redelivery delays after a missed ack; length < maxDeliver. */
  backoffMs?: number[];
  maxAckPending: number;
};

export const CONSUMERS: Record<"syncWorker" | "mappingProjection", ConsumerDefinition> = {
  // One durable shared by every sync-worker replica: work distribution for sync.requested.
  // No server-side `backoff`: on NATS 2.9 it lengthens every delayed nak by backoff[n-1]-backoff[0],
  // so the worker's own retry delays (throttle lock, transient faults) could not be honoured. The
  // worker heartbeats with working() every few seconds, so a short ack_wait only bounds how long a
  // dead worker's message waits before another replica gets it.
  syncWorker: {
    stream: "sync",
    durable: "sync-worker",
    filterSubject: EVENT_SUBJECTS.syncRequested,
    ackWaitMs: 30_000,
    maxDeliver: 5,
    maxAckPending: 1_000,
  },
  // channel-mapping's projection of every sync event into zoho_sync_jobs and mapping status.
  mappingProjection: {
    stream: "sync",
    durable: "channel-mapping-projection",
    filterSubject: "sync.>",
    ackWaitMs: 30_000,
    maxDeliver: 20,
    maxAckPending: 1_000,
  },
};
export type ConsumerKey = keyof typeof CONSUMERS;
