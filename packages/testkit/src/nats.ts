// JetStream clean-up for tests and benchmarks that provision the contract streams under their own
// subject prefix.
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { STREAMS, subjectsFor, type StreamKey } from "@cliq/contracts";

/** Deletes every contract stream under `prefix` (their consumers go with them); missing ones are fine. */
export async function deleteStreams(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const key of Object.keys(STREAMS) as StreamKey[]) {
    await jsm.streams.delete(subjectsFor(prefix).stream(key)).catch(() => undefined);
  }
}
