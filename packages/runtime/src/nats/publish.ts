// Publishes contract events to JetStream. The payload is validated first (publishing garbage is a
// bug, so it fails loudly), wrapped in the envelope, and published with `Nats-Msg-Id` = envelope id
// so a retried publish inside the stream's duplicate window is stored once.
import { randomUUID } from "node:crypto";
import { jetstream } from "@nats-io/jetstream";
import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from "@nats-io/nats-core";
import { AppError, EVENT_SCHEMAS, EVENT_SUBJECTS, subjectsFor, type Envelope, type EventData, type EventName } from "@cliq/contracts";
import type { Logger } from "../logger.ts";
import { formatIssues, summarizeIssues } from "../util/issues.ts";
import { sleep } from "../util/time.ts";

export type PublishOptions = { id?: string; correlationId?: string };

export type Publisher = {
  publish<N extends EventName>(name: N, data: EventData<N>, opts?: PublishOptions): Promise<Envelope<EventData<N>>>;
};

export type CreatePublisherOptions = {
  nc: NatsConnection;
  prefix: string;
  /** Who emits: the service name, recorded in every envelope. */
  source: string;
  logger: Logger;
  /** Delays between attempts on transient failures; default [100, 300, 1000] ms (4 attempts). */
  retryDelaysMs?: readonly number[];
  /** How long to wait for the stream's ack per attempt; default 5 s. */
  ackTimeoutMs?: number;
};

/** No stream answered (JetStream restarting, leader election) or the ack did not arrive in time. */
function isTransient(err: unknown): boolean {
  // The client wraps no-responders as "jetstream is not enabled" with the request error as cause.
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof TimeoutError || e instanceof RequestError || e instanceof NoRespondersError) return true;
  }
  return false;
}

export function createPublisher(opts: CreatePublisherOptions): Publisher {
  const js = jetstream(opts.nc);
  const subjects = subjectsFor(opts.prefix);
  const delays = opts.retryDelaysMs ?? [100, 300, 1_000];
  const log = opts.logger.child({ component: "publisher" });

  return {
    async publish(name, data, publishOpts = {}) {
      const parsed = EVENT_SCHEMAS[name].safeParse(data);
      if (!parsed.success) {
        throw new AppError("internal", `refusing to publish an invalid ${EVENT_SUBJECTS[name]} event: ${formatIssues(parsed.error.issues)}`, summarizeIssues(parsed.error.issues));
      }
      const envelope: Envelope<EventData<typeof name>> = {
        id: publishOpts.id ?? randomUUID(),
        type: EVENT_SUBJECTS[name],
        occurredAt: new Date().toISOString(),
        source: opts.source,
        ...(publishOpts.correlationId === undefined ? {} : { correlationId: publishOpts.correlationId }),
        data: parsed.data as EventData<typeof name>,
      };
      const subject = subjects.event(name);
      const payload = JSON.stringify(envelope);
      for (let attempt = 0; ; attempt++) {
        try {
          const ack = await js.publish(subject, payload, { msgID: envelope.id, timeout: opts.ackTimeoutMs ?? 5_000 });
          if (ack.duplicate) log.debug({ subject, id: envelope.id }, "duplicate publish ignored by the stream");
          return envelope;
        } catch (err) {
          const delay = delays[attempt];
          if (!isTransient(err)) throw err;
          if (delay === undefined) {
            log.error({ err, subject, id: envelope.id, attempts: attempt + 1 }, "publish failed");
            throw new AppError("service_unavailable", `could not publish ${subject} after ${attempt + 1} attempts: ${(err as Error).message}`);
          }
          log.warn({ subject, id: envelope.id, attempt: attempt + 1, error: (err as Error).message }, "publish failed; retrying");
          await sleep(delay);
        }
      }
    },
  };
}
