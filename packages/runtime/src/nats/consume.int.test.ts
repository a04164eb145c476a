import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { subjectsFor, type Envelope, type EventData } from "@cliq/contracts";
import { captureLogger, connectTestNats, deleteStreams, newPrefix, syncRequestedData, waitFor } from "../test-support/harness.ts";
import { useConsumerBed } from "../test-support/consumer-bed.ts";
import { startConsumer, type ConsumeContext } from "./consume.ts";
import { provisionConsumer, provisionStreams } from "./provision.ts";
import { createPublisher } from "./publish.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("publish and the consumer loop", () => {
  const bed = useConsumerBed();

  it("when an event is published, then the consumer receives the decoded, typed envelope and acks it", async () => {
    const received: Envelope<EventData<"syncRequested">>[] = [];
    bed.consume({
      handler: async (event) => {
        received.push(event.envelope);
      },
    });
    const data = syncRequestedData({ requestedBy: "u1" });
    const sent = await bed.publisher.publish("syncRequested", data, { correlationId: "corr-1" });
    await waitFor(() => received.length === 1, 10_000, "delivery");
    expect(received[0]).toEqual(sent);
    expect(sent).toMatchObject({ type: "sync.requested", source: "runtime-test", correlationId: "corr-1", data });
    await waitFor(async () => (await bed.consumerInfo()).num_ack_pending === 0, 5_000, "ack");
  });


  it("when the same event id is published twice, then the stream stores it once", async () => {
    const id = crypto.randomUUID();
    const data = syncRequestedData();
    await bed.publisher.publish("syncRequested", data, { id });
    await bed.publisher.publish("syncRequested", data, { id });
    const jsm = await jetstreamManager(bed.nc);
    expect((await jsm.streams.info(subjectsFor(bed.prefix).stream("sync"))).state.messages).toBe(1);
  });


  it("when data breaks the event schema, then publish refuses with an internal error naming the field", async () => {
    await expect(bed.publisher.publish("syncRequested", { ...syncRequestedData(), jobId: "not-a-uuid" })).rejects.toMatchObject({
      code: "internal",
      message: expect.stringContaining("jobId"),
    });
  });


  it("when a malformed event is published to a stream, then it is terminated and logged, and the consumer keeps processing the next message", async () => {
    const js = jetstream(bed.nc);
    const subject = subjectsFor(bed.prefix).event("syncRequested");
    const handled: string[] = [];
    bed.consume({
      concurrency: 1,
      handler: async (event) => {
        handled.push(event.envelope.data.jobId);
      },
    });
    await js.publish(subject, new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x7b]));
    await js.publish(subject, JSON.stringify({ id: "x1", type: "sync.requested", occurredAt: new Date().toISOString(), source: "rogue", data: { jobId: 42 } }));
    const valid = await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => handled.length === 1, 10_000, "the valid message");
    expect(handled).toEqual([valid.data.jobId]);
    await waitFor(async () => (await bed.consumerInfo()).ack_floor.stream_seq === 3, 5_000, "all three settled");
    const info = await bed.consumerInfo();
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    const errors = bed.logs.filter((l) => l.level === 50 && l.msg.startsWith("terminated malformed message"));
    expect(errors.map((e) => e.streamSequence)).toEqual([1, 2]);
    expect(errors[0]!.problem).toMatch(/sync\.requested payload is not valid JSON/);
    expect(errors[1]!.problem).toMatch(/invalid sync\.requested envelope: data\.jobId: .*; data\.mappingId: /);
    await sleep(300);
    expect(handled).toHaveLength(1);
  });


  it("when messages pile up, then no more than `concurrency` handlers run at once", async () => {
    let active = 0;
    let maxActive = 0;
    let done = 0;
    bed.consume({
      concurrency: 2,
      handler: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(150);
        active--;
        done++;
      },
    });
    for (let i = 0; i < 6; i++) await bed.publisher.publish("syncRequested", syncRequestedData());
    // Messages beyond the free slots stay with the server (for other replicas), not in a local buffer.
    let maxAckPending = 0;
    await waitFor(async () => {
      maxAckPending = Math.max(maxAckPending, (await bed.consumerInfo()).num_ack_pending);
      return done === 6;
    }, 15_000, "all six handled");
    expect(maxActive).toBe(2);
    expect(maxAckPending).toBeLessThanOrEqual(2);
  });


  it("when ctx.working() is called, then the handler sees its delivery context", async () => {
    let seen: ConsumeContext | undefined;
    bed.consume({
      handler: async (_e, ctx) => {
        ctx.working();
        seen = ctx;
      },
    });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => seen !== undefined, 10_000, "delivery");
    expect(seen).toMatchObject({ deliveryCount: 1, isLastAttempt: false, subject: `${bed.prefix}.sync.requested`, streamSequence: 1 });
  });


  it("when the server-side consumer disappears for a while, then the loop logs, retries and resumes", async () => {
    const handled: string[] = [];
    bed.consume({
      handler: async (event) => {
        handled.push(event.envelope.id);
      },
    });
    const first = await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => handled.includes(first.id), 10_000, "first delivery");
    const jsm = await jetstreamManager(bed.nc);
    await jsm.consumers.delete(subjectsFor(bed.prefix).stream("sync"), subjectsFor(bed.prefix).consumer("sync-worker"));
    await waitFor(() => bed.logs.some((l) => l.msg === "cannot pull from consumer; retrying"), 10_000, "the retry log");
    await provisionConsumer(bed.nc, bed.prefix, "syncWorker");
    const second = await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => handled.includes(second.id), 15_000, "delivery after the consumer is back");
  });
});

describe("a wildcard consumer", () => {
  let nc: NatsConnection;
  let prefix: string;
  beforeAll(async () => {
    nc = await connectTestNats();
    prefix = newPrefix();
    await provisionStreams(nc, prefix);
    await provisionConsumer(nc, prefix, "mappingProjection");
  });
  afterAll(async () => {
    await deleteStreams(nc, prefix);
    await nc.close();
  });

  it("when different sync events arrive on sync.>, then each is decoded with its own schema", async () => {
    const { logger } = captureLogger();
    const publisher = createPublisher({ nc, prefix, source: "runtime-test", logger });
    const names: string[] = [];
    const c = startConsumer<"syncAny">({
      nc,
      prefix,
      logger,
      consumer: "mappingProjection",
      events: ["syncAny"],
      handler: async (event) => {
        if (event.name === "syncCompleted") expect(event.envelope.data.outcome).toBe("synced");
        names.push(event.name);
      },
    });
    try {
      const req = syncRequestedData();
      await publisher.publish("syncRequested", req);
      await publisher.publish("syncCompleted", {
        jobId: req.jobId,
        mappingId: req.mappingId,
        outcome: "synced",
        messagesFetched: 3,
        messagesProcessed: 3,
        durationMs: 120,
        cursor: { time: 1_700_000_000_000, ids: ["m3"] },
        lastMessageTime: new Date().toISOString(),
        continued: false,
        finishedAt: new Date().toISOString(),
      });
      await waitFor(() => names.length === 2, 10_000, "both events");
      expect(names).toEqual(["syncRequested", "syncCompleted"]);
    } finally {
      await c.stop();
    }
  });
});
