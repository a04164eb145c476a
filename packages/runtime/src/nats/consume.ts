// THE consumer loop every service uses for JetStream events.
//
// Messages are pulled only when a handler slot is free (fetch of at most `free slots` messages),
// so a replica never sits on messages it cannot start: work it cannot take stays with the server
// for other replicas, and no message ages towards its ack_wait in a client-side buffer.
// Outcome → action: resolved → ack; RetryLaterError → nak(delay); TerminalError or malformed
// message → term (logged); other errors → nak with backoff; on the last allowed delivery, term.
// (term() carries no reason: NATS 2.9 does not understand "+TERM <reason>".)
import { jetstream, type JsMsg, type ConsumerMessages } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSUMERS, subjectsFor, type ConsumerKey } from "@cliq/contracts";
import type { Logger } from "../logger.ts";
import { RetryLaterError, TerminalError } from "../errors.ts";
import { cancellableSleep, exponentialBackoff } from "../util/time.ts";
import { decodeEvent, expandEventNames, type ConsumableEvent, type ConsumedEvent } from "./decode.ts";
import { defaultRetryDelayMs, InFlight, nakDelayMs } from "./in-flight.ts";

export type ConsumeContext = {
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** True when the server will not deliver this message again (deliveryCount >= max_deliver). */
  isLastAttempt: boolean;
  /** Tells the server the handler is still working (resets ack_wait); call it during long runs. */
  working(): void;
  /** The full subject, prefix included. */
  subject: string;
  streamSequence: number;
};

export type EventHandler<N extends ConsumableEvent> = (event: ConsumedEvent<N>, ctx: ConsumeContext) => Promise<void>;

export type StartConsumerOptions<N extends ConsumableEvent> = {
  nc: NatsConnection;
  prefix: string;
  consumer: ConsumerKey;
  logger: Logger;
  handler: EventHandler<N>;
  /** The events this consumer expects (also types the handler); others are terminated and logged. */
  events?: readonly N[];
  /** Most handlers running at once; default 4. */
  concurrency?: number;
  /**
   * Redelivery delay after an unexpected handler error; default: the consumer's backoff, else 1 s
   * doubling to 60 s. On a consumer with backoff the server will not redeliver a nak'ed message
   * sooner than backoff[n-1] - backoff[0] after the nth delivery (see nakDelayMs).
   */
  retryDelayMs?: (deliveryCount: number) => number;
  /** How long stop() waits for running handlers; default 30 s. */
  stopTimeoutMs?: number;
  /** Lifetime of one pull request; default 5 s (the server holds it open until messages arrive). */
  pullExpiresMs?: number;
  /**
   * A handler silent (no working()) for this long is given up on: the server redelivers the
   * message after ack_wait anyway, so its slot is freed. Default: the consumer's ack_wait.
   */
  handlerTimeoutMs?: number;
};

export type RunningConsumer = {
  /** Stops pulling, waits for running handlers (up to the stop timeout), then returns. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
};

export function startConsumer<N extends ConsumableEvent = ConsumableEvent>(opts: StartConsumerOptions<N>): RunningConsumer {
  const def = CONSUMERS[opts.consumer];
  const names = subjectsFor(opts.prefix);
  const stream = names.stream(def.stream);
  const durable = names.consumer(def.durable);
  const log = opts.logger.child({ component: "consumer", consumer: durable });
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const expected = opts.events === undefined ? undefined : expandEventNames(opts.events);
  const backoffMs = "backoffMs" in def ? def.backoffMs : undefined;
  const retryDelay = opts.retryDelayMs ?? ((n: number) => defaultRetryDelayMs(backoffMs, n));
  const js = jetstream(opts.nc);
  const inFlight = new InFlight(log, opts.handlerTimeoutMs ?? def.ackWaitMs);

  let stopping = false;
  let batch: ConsumerMessages | undefined;
  let backoffSleep: ReturnType<typeof cancellableSleep> | undefined;

  function dispatch(msg: JsMsg): void {
    const deliveryCount = msg.info.deliveryCount;
    const where = { subject: msg.subject, streamSequence: msg.seq, deliveryCount };
    const decoded = decodeEvent(opts.prefix, msg.subject, msg.data);
    const problem = !decoded.ok
      ? decoded.problem
      : expected !== undefined && !expected.has(decoded.event.name)
        ? `unexpected event ${decoded.event.name} on consumer ${durable}`
        : undefined;
    if (problem !== undefined || !decoded.ok) {
      safely(() => msg.term());
      log.error({ ...where, problem }, `terminated malformed message: ${problem}`);
      return;
    }
    const { event } = decoded;
    const info = { ...where, event: event.name, id: event.envelope.id };
    inFlight.run(info, async (touch) => {
      const ctx: ConsumeContext = {
        deliveryCount,
        isLastAttempt: deliveryCount >= def.maxDeliver,
        working: () => {
          safely(() => msg.working());
          touch();
        },
        subject: msg.subject,
        streamSequence: msg.seq,
      };
      try {
        await opts.handler(event as ConsumedEvent<N>, ctx);
        settle(() => msg.ack());
      } catch (err) {
        settleFailure(msg, err, ctx, info);
      }
    });
  }

  function settle(action: () => void): void {
    // After a stop timeout, results are dropped so the server redelivers those messages.
    if (inFlight.leaveUnacked) return;
    safely(action);
  }

  function settleFailure(msg: JsMsg, err: unknown, ctx: ConsumeContext, info: Record<string, unknown>): void {
    if (err instanceof TerminalError) {
      settle(() => msg.term());
      log.error({ ...info, err }, `handler gave up on the message: ${err.message}`);
      return;
    }
    if (ctx.isLastAttempt) {
      settle(() => msg.term());
      log.error({ ...info, err }, `handler failed on the last allowed delivery (${def.maxDeliver}); message terminated`);
      return;
    }
    if (err instanceof RetryLaterError) {
      settle(() => msg.nak(nakDelayMs(backoffMs, ctx.deliveryCount, err.delayMs)));
      log.info({ ...info, delayMs: err.delayMs, reason: err.message }, "handler asked to retry later");
      return;
    }
    const delayMs = retryDelay(ctx.deliveryCount);
    settle(() => msg.nak(nakDelayMs(backoffMs, ctx.deliveryCount, delayMs)));
    log.error({ ...info, err, delayMs }, "handler failed; message will be redelivered");
  }

  function safely(action: () => void): void {
    try {
      action();
    } catch (err) {
      // The connection closed under us: the server redelivers after ack_wait.
      log.warn({ err }, "could not acknowledge a message");
    }
  }

  async function pullLoop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      if (opts.nc.isClosed()) {
        log.error("NATS connection closed; consumer stopped");
        return;
      }
      try {
        const consumer = await js.consumers.get(stream, durable);
        if (failures > 0) log.info({ stream }, "consumer available again");
        failures = 0;
        while (!stopping) {
          await inFlight.waitForFreeSlot(concurrency, () => stopping);
          if (stopping) break;
          batch = await consumer.fetch({ max_messages: concurrency - inFlight.active, expires: opts.pullExpiresMs ?? 5_000 });
          if (stopping) void batch.close();
          for await (const msg of batch) {
            // Messages that arrive after stop() go straight back for another replica.
            if (stopping) safely(() => msg.nak());
            else dispatch(msg);
          }
          batch = undefined;
        }
      } catch (err) {
        batch = undefined;
        if (stopping) break;
        failures++;
        const delayMs = exponentialBackoff(failures, 250, 5_000);
        log.warn({ err, stream, delayMs, failures }, "cannot pull from consumer; retrying");
        backoffSleep = cancellableSleep(delayMs);
        await backoffSleep.done;
        backoffSleep = undefined;
      }
    }
  }

  const loopDone = pullLoop().catch((err: unknown) => log.error({ err }, "consumer loop crashed"));
  log.info({ stream, concurrency }, "consumer started");

  let stopped: Promise<void> | undefined;
  return {
    stop(stopOpts = {}) {
      stopped ??= (async () => {
        stopping = true;
        inFlight.wake();
        backoffSleep?.cancel();
        void batch?.close();
        const timeoutMs = stopOpts.timeoutMs ?? opts.stopTimeoutMs ?? 30_000;
        const finished = await inFlight.drain(timeoutMs);
        if (!finished) log.warn({ running: inFlight.active, timeoutMs }, "handlers still running at stop timeout; their messages will be redelivered");
        await loopDone;
        log.info("consumer stopped");
      })();
      return stopped;
    },
  };
}
