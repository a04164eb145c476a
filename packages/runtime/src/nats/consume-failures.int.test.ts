import { describe, expect, it } from "vitest";
import { CONSUMERS } from "@cliq/contracts";
import { RetryLaterError, TerminalError } from "../errors.ts";
import { syncRequestedData, waitFor } from "../test-support/harness.ts";
import { useConsumerBed } from "../test-support/consumer-bed.ts";
import type { ConsumeContext } from "./consume.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the consumer loop when handlers fail, hang or are stopped", () => {
  const bed = useConsumerBed();

  it("when a handler throws RetryLaterError, then the message is redelivered after the delay with deliveryCount 2", async () => {
    const deliveries: { count: number; at: number }[] = [];
    bed.consume({
      handler: async (_event, ctx) => {
        deliveries.push({ count: ctx.deliveryCount, at: Date.now() });
        if (ctx.deliveryCount === 1) throw new RetryLaterError("Zoho is throttling", 400);
      },
    });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => deliveries.length === 2, 10_000, "redelivery");
    expect(deliveries.map((d) => d.count)).toEqual([1, 2]);
    expect(deliveries[1]!.at - deliveries[0]!.at).toBeGreaterThanOrEqual(350);
    await waitFor(async () => (await bed.consumerInfo()).num_ack_pending === 0, 5_000, "ack");
  });


  it("when a handler throws an unexpected error, then it is logged and retried with the retry delay", async () => {
    // The projection consumer has no server backoff, so short nak delays are honoured exactly.
    const counts: number[] = [];
    await bed.consumeProjection({
      retryDelayMs: () => 50,
      handler: async (_event, ctx) => {
        counts.push(ctx.deliveryCount);
        if (ctx.deliveryCount < 3) throw new Error("database hiccup");
      },
    });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => counts.length === 3, 10_000, "two retries");
    expect(counts).toEqual([1, 2, 3]);
    expect(bed.logs.filter((l) => l.msg === "handler failed; message will be redelivered").map((l) => (l.err as { message: string }).message)).toEqual([
      "database hiccup",
      "database hiccup",
    ]);
  });


  it("when the last allowed delivery fails, then the message is terminated with an error log", async () => {
    const seen: ConsumeContext[] = [];
    await bed.consumeProjection({
        retryDelayMs: () => 5,
        handler: async (_event, ctx) => {
          seen.push(ctx);
          throw new Error("still failing");
        },
      });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    const max = CONSUMERS.mappingProjection.maxDeliver;
    await waitFor(() => seen.length === max, 15_000, "every allowed delivery");
    expect(seen.filter((c) => c.isLastAttempt).map((c) => c.deliveryCount)).toEqual([max]);
    await waitFor(() => bed.logs.some((l) => l.level === 50 && String(l.msg).includes("last allowed delivery")), 5_000, "the give-up log");
    expect((await bed.consumerInfo("mappingProjection")).num_ack_pending).toBe(0);
  });


  it("when a handler throws TerminalError, then the message is terminated and not redelivered", async () => {
    let calls = 0;
    bed.consume({
      handler: async () => {
        calls++;
        throw new TerminalError("channel is gone");
      },
    });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(async () => (await bed.consumerInfo()).ack_floor.stream_seq === 1, 5_000, "termination");
    await sleep(300);
    expect(calls).toBe(1);
    expect(bed.logs.some((l) => l.level === 50 && String(l.msg).includes("channel is gone"))).toBe(true);
  });


  it("when a handler hangs or throws, then the other slots keep processing", async () => {
    const handled: string[] = [];
    let first = true;
    bed.consume({
      concurrency: 2,
      retryDelayMs: () => 50,
      handler: async (event, ctx) => {
        if (first) {
          first = false;
          await new Promise(() => undefined); // never settles
        }
        if (ctx.deliveryCount === 1 && handled.length === 0) throw new Error("boom");
        handled.push(event.envelope.id);
      },
    });
    for (let i = 0; i < 4; i++) await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => handled.length === 3, 10_000, "the other three");
  });


  it("when stop() is called during a handler, then it waits for the handler and acks its message", async () => {
    let finished = false;
    let started = false;
    const c = bed.consume({
      handler: async () => {
        started = true;
        await sleep(400);
        finished = true;
      },
    });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => started, 10_000, "handler start");
    await c.stop();
    expect(finished).toBe(true);
    expect((await bed.consumerInfo()).num_ack_pending).toBe(0);
  });


  it("when stop() times out, then the running message is left un-acked for redelivery", async () => {
    let started = false;
    const c = bed.consume({
      handler: async () => {
        started = true;
        await sleep(2_000);
      },
    });
    await bed.publisher.publish("syncRequested", syncRequestedData());
    await waitFor(() => started, 10_000, "handler start");
    const t0 = Date.now();
    await c.stop({ timeoutMs: 200 });
    expect(Date.now() - t0).toBeLessThan(1_500);
    await sleep(2_200);
    expect((await bed.consumerInfo()).num_ack_pending).toBe(1);
  });
});
