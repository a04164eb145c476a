// Backlog of a durable JetStream consumer, read from the server's consumer info at scrape time:
// pending (not yet delivered), ack pending (delivered, unacknowledged) and redelivered. One info
// request per consumer per scrape feeds all three gauges.
import { jetstreamManager, type ConsumerInfo, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSUMERS, subjectsFor, type ConsumerKey } from "@cliq/contracts";
import type { ObservedGauge } from "./observed-gauge.ts";

export type ConsumerGauges = { pending: ObservedGauge; ackPending: ObservedGauge; redelivered: ObservedGauge };

export function createConsumerObserver(gauges: ConsumerGauges) {
  const managers = new WeakMap<NatsConnection, Promise<JetStreamManager>>();

  function managerFor(nc: NatsConnection): Promise<JetStreamManager> {
    let jsm = managers.get(nc);
    if (jsm === undefined) {
      // checkAPI=false: no account-info round trip; the info request itself says if JetStream is away.
      jsm = jetstreamManager(nc, { checkAPI: false });
      jsm.catch(() => managers.delete(nc));
      managers.set(nc, jsm);
    }
    return jsm;
  }

  return {
    add(nc: NatsConnection, prefix: string, key: ConsumerKey): void {
      const subjects = subjectsFor(prefix);
      const stream = subjects.stream(CONSUMERS[key].stream);
      const durable = subjects.consumer(CONSUMERS[key].durable);
      const labels = { stream, consumer: durable };
      const observer = {
        source: `consumer:${durable}`,
        read: async (): Promise<ConsumerInfo> => (await managerFor(nc)).consumers.info(stream, durable),
      };
      gauges.pending.add(labels, observer, (info) => info.num_pending);
      gauges.ackPending.add(labels, observer, (info) => info.num_ack_pending);
      gauges.redelivered.add(labels, observer, (info) => info.num_redelivered);
    },
  };
}
