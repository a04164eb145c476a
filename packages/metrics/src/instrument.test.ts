import type { Envelope, EventData, EventName } from "@cliq/contracts";
import type { Publisher } from "@cliq/runtime";
import { describe, expect, it } from "vitest";
import { instrumentLimiter, instrumentPublisher } from "./instrument.ts";
import { createMetrics } from "./metrics.ts";

const JOB = { jobId: "7f0c2d4e-1a2b-4c3d-8e9f-001122334455", mappingId: "0a1b2c3d-4e5f-4a6b-8c7d-8e9f00112233" };
const cursor = { time: null, ids: [] };

function fakePublisher(fail = false): Publisher & { published: EventName[] } {
  const published: EventName[] = [];
  return {
    published,
    async publish<N extends EventName>(name: N, data: EventData<N>): Promise<Envelope<EventData<N>>> {
      if (fail) throw new Error("stream unavailable");
      published.push(name);
      return { id: "x", type: name, occurredAt: new Date().toISOString(), source: "test", data };
    },
  };
}

async function valueOf(metrics: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string> = {}) {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  const match = m.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val) && !("le" in v.labels));
  return match?.value;
}

describe("instrumentPublisher", () => {
  it("when a run completes, then its duration, outcome and message counts are recorded", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false });
    const events = instrumentPublisher(fakePublisher(), metrics);
    await events.publish("syncCompleted", {
      ...JOB, outcome: "synced", messagesFetched: 120, messagesProcessed: 118, durationMs: 4_500, cursor, lastMessageTime: null, continued: false, finishedAt: new Date().toISOString(),
    });
    expect(await metrics.text()).toContain('cliq_sync_duration_seconds_sum{service="w",outcome="synced"} 4.5');
    expect(await valueOf(metrics, "cliq_sync_messages_fetched_total")).toBe(120);
    expect(await valueOf(metrics, "cliq_sync_messages_processed_total")).toBe(118);
  });

  it("when a run fails, then it is timed from its sync.started and recorded as outcome failed", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false });
    let now = 1_000_000;
    const events = instrumentPublisher(fakePublisher(), metrics, () => now);
    await events.publish("syncStarted", { ...JOB, workerId: "w1", attempt: 2, cursor, startedAt: new Date(now).toISOString() });
    now += 7_000;
    await events.publish("syncFailed", {
      ...JOB, code: "zoho_unavailable", message: "503", retryable: true, attempt: 2, final: false, needsAdmin: false, messagesFetched: 10, messagesProcessed: 0, failedAt: new Date(now).toISOString(),
    });
    const text = await metrics.text();
    expect(text).toContain('cliq_sync_duration_seconds_sum{service="w",outcome="failed"} 7');
    expect(text).toContain('cliq_sync_duration_seconds_count{service="w",outcome="failed"} 1');
    expect(await valueOf(metrics, "cliq_sync_messages_fetched_total")).toBe(10);
  });

  it("when the publish itself fails, then nothing is recorded and the error reaches the caller", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false });
    const events = instrumentPublisher(fakePublisher(true), metrics);
    await expect(
      events.publish("syncCompleted", { ...JOB, outcome: "skipped", messagesFetched: 0, messagesProcessed: 0, durationMs: 5, cursor, lastMessageTime: null, continued: false, finishedAt: new Date().toISOString() }),
    ).rejects.toThrow("stream unavailable");
    expect(await metrics.text()).not.toContain('cliq_sync_duration_seconds_count{service="w",outcome="skipped"');
  });
});

describe("instrumentLimiter", () => {
  class Throttled extends Error {}

  it("when Zoho throttles a call, then the class's throttle counter goes up and the error still reaches the caller", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false });
    const inner = { schedule: <T>(_cls: "messages" | "channels", fn: () => Promise<T>) => fn(), extra: () => "kept" };
    const limiter = instrumentLimiter(inner, metrics, { classes: ["messages", "channels"], isThrottle: (e) => e instanceof Throttled });
    await expect(limiter.schedule("messages", async () => { throw new Throttled("too many"); })).rejects.toThrow("too many");
    await expect(limiter.schedule("messages", async () => { throw new Error("500"); })).rejects.toThrow("500");
    expect(await limiter.schedule("channels", async () => 42)).toBe(42);
    expect(limiter.extra()).toBe("kept");
    expect(await valueOf(metrics, "cliq_zoho_throttles_total", { endpoint_class: "messages" })).toBe(1);
    expect(await valueOf(metrics, "cliq_zoho_throttles_total", { endpoint_class: "channels" })).toBeUndefined();
  });

  it("when calls wait for a slot, then the queued gauge counts them until they start", async () => {
    const metrics = createMetrics({ service: "w", defaultMetrics: false });
    const gates: Array<() => void> = [];
    const inner = {
      schedule: <T>(_cls: "messages", fn: () => Promise<T>) => new Promise<void>((r) => gates.push(r)).then(fn),
    };
    const limiter = instrumentLimiter(inner, metrics, { classes: ["messages"], isThrottle: () => false, reservoir: () => 7 });
    const a = limiter.schedule("messages", async () => "a");
    const b = limiter.schedule("messages", async () => "b");
    expect(await valueOf(metrics, "cliq_zoho_limiter_queued", { endpoint_class: "messages" })).toBe(2);
    expect(await valueOf(metrics, "cliq_zoho_limiter_reservoir", { endpoint_class: "messages" })).toBe(7);
    gates.splice(0).forEach((open) => open());
    expect([await a, await b]).toEqual(["a", "b"]);
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await valueOf(metrics, "cliq_zoho_limiter_queued", { endpoint_class: "messages" })).toBe(0);
  });
});
