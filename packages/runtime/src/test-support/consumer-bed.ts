// Per-test set-up for consumer-loop tests: a fresh prefix with provisioned streams and the
// syncWorker consumer, a publisher, a log capture, and clean-up of consumers and streams.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSUMERS, subjectsFor, type ConsumerKey } from "@cliq/contracts";
import type { Logger } from "../logger.ts";
import { startConsumer, type RunningConsumer, type StartConsumerOptions } from "../nats/consume.ts";
import type { ConsumableEvent } from "../nats/decode.ts";
import { provisionConsumer, provisionStreams } from "../nats/provision.ts";
import { createPublisher, type Publisher } from "../nats/publish.ts";
import { captureLogger, connectTestNats, deleteStreams, newPrefix, type LogEntry } from "./harness.ts";

type BedOptions<N extends ConsumableEvent> = Omit<StartConsumerOptions<N>, "nc" | "prefix" | "logger" | "consumer">;

export type ConsumerBed = {
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  logs: LogEntry[];
  publisher: Publisher;
  /** Starts a syncWorker consumer (stopped after the test). */
  consume(opts: BedOptions<"syncRequested">): RunningConsumer;
  /** Provisions and starts the mappingProjection (`sync.>`, no server backoff) consumer. */
  consumeProjection(opts: BedOptions<"syncAny">): Promise<RunningConsumer>;
  consumerInfo(key?: ConsumerKey): ReturnType<Awaited<ReturnType<typeof jetstreamManager>>["consumers"]["info"]>;
};

export function useConsumerBed(): ConsumerBed {
  const running: RunningConsumer[] = [];
  const bed = {
    consume(opts) {
      const c = startConsumer<"syncRequested">({ nc: bed.nc, prefix: bed.prefix, logger: bed.logger, consumer: "syncWorker", ...opts });
      running.push(c);
      return c;
    },
    async consumeProjection(opts) {
      await provisionConsumer(bed.nc, bed.prefix, "mappingProjection");
      const c = startConsumer<"syncAny">({ nc: bed.nc, prefix: bed.prefix, logger: bed.logger, consumer: "mappingProjection", ...opts });
      running.push(c);
      return c;
    },
    async consumerInfo(key = "syncWorker") {
      const jsm = await jetstreamManager(bed.nc);
      const names = subjectsFor(bed.prefix);
      return jsm.consumers.info(names.stream(CONSUMERS[key].stream), names.consumer(CONSUMERS[key].durable));
    },
  } as ConsumerBed;

  beforeAll(async () => {
    bed.nc = await connectTestNats();
  });
  beforeEach(async () => {
    bed.prefix = newPrefix();
    ({ logger: bed.logger, logs: bed.logs } = captureLogger());
    await provisionStreams(bed.nc, bed.prefix);
    await provisionConsumer(bed.nc, bed.prefix, "syncWorker");
    bed.publisher = createPublisher({ nc: bed.nc, prefix: bed.prefix, source: "runtime-test", logger: bed.logger });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop({ timeoutMs: 1_000 })));
    await deleteStreams(bed.nc, bed.prefix);
  });
  afterAll(async () => {
    await bed.nc.close();
  });
  return bed;
}
