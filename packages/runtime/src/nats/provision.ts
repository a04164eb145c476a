// Creates or updates the JetStream streams and durable consumers described in @cliq/contracts.
// Every service calls these at start-up, possibly several replicas at once, so each call is
// idempotent and tolerates losing a create race to another process.
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, ReplayPolicy, RetentionPolicy, StorageType, jetstreamManager } from "@nats-io/jetstream";
import type { ConsumerConfig, JetStreamManager, StreamConfig } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSUMERS, STREAMS, prefixed, subjectsFor, type ConsumerKey, type StreamDefinition } from "@cliq/contracts";

const MS_NS = 1_000_000;
/** JetStream error: "stream name already in use with a different configuration". */
const STREAM_NAME_EXISTS = 10_058;

export type ProvisionOptions = {
  /** Stream replicas; 1 on a single server, 3 on a production cluster. */
  replicas?: number;
};

/** The stream configuration for one contract stream under a deployment prefix. */
export function streamConfigFor(prefix: string, def: StreamDefinition, opts: ProvisionOptions = {}): Partial<StreamConfig> & { name: string } {
  return {
    name: subjectsFor(prefix).stream(def.key),
    subjects: def.subjects.map((s) => prefixed(prefix, s)),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: def.maxAgeNs,
    duplicate_window: def.duplicateWindowNs,
    num_replicas: opts.replicas ?? 1,
  };
}

/** The durable pull-consumer configuration for one contract consumer under a deployment prefix. */
export function consumerConfigFor(prefix: string, key: ConsumerKey): Partial<ConsumerConfig> & { durable_name: string } {
  const def = CONSUMERS[key];
  return {
    durable_name: subjectsFor(prefix).consumer(def.durable),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: def.ackWaitMs * MS_NS,
    max_deliver: def.maxDeliver,
    max_ack_pending: def.maxAckPending,
    filter_subject: prefixed(prefix, def.filterSubject),
    ...("backoffMs" in def ? { backoff: def.backoffMs.map((ms) => ms * MS_NS) } : {}),
  };
}

export async function provisionStreams(nc: NatsConnection, prefix: string, opts: ProvisionOptions = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const def of Object.values(STREAMS)) await ensureStream(jsm, streamConfigFor(prefix, def, opts));
}

async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    // The server answers an identical create with success, so concurrent identical calls all pass.
    await jsm.streams.add(cfg);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_EXISTS)) throw err;
    const { name, ...changes } = cfg;
    await jsm.streams.update(name, changes);
  }
}

export async function provisionConsumer(nc: NatsConnection, prefix: string, key: ConsumerKey): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = subjectsFor(prefix).stream(CONSUMERS[key].stream);
  const cfg = consumerConfigFor(prefix, key);
  try {
    await jsm.consumers.add(stream, cfg);
  } catch (err) {
    // An existing durable with an older configuration: update the fields that may change.
    if (!(err instanceof JetStreamApiError) || err.status === 404) throw err;
    const { durable_name, ack_policy: _a, deliver_policy: _d, replay_policy: _r, ...changes } = cfg;
    await jsm.consumers.update(stream, durable_name, changes);
  }
}
