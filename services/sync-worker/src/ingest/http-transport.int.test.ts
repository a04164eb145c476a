import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startIngestSink, type IngestSink } from "@cliq/ingest-sink";
import { buildIngestBatch } from "../domain/ingest-payload.ts";
import { IngestRejectedError, IngestUnavailableError } from "../domain/errors.ts";
import { createHttpIngestTransport } from "./http-transport.ts";

let sink: IngestSink;
beforeAll(async () => {
  sink = await startIngestSink({ token: "t0k" });
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => sink.reset());

const target = { mappingId: randomUUID(), clientId: randomUUID(), roomId: randomUUID(), channel: { id: "T1", chatId: "CT_1", name: "#general" } };
const msgs = [
  { id: "1700000000000_1", time: 1_700_000_000_000 },
  { id: "1700000001000_1", time: 1_700_000_001_000 },
];
const batch = (text = "hello") => buildIngestBatch(target, msgs, [`[2023-11-14 22:13:20] Ann: ${text}`, "[2023-11-14 22:13:21] Bob: hi"]);
const transport = (over: Partial<Parameters<typeof createHttpIngestTransport>[0]> = {}) =>
  createHttpIngestTransport({ url: sink.url, token: "t0k", baseDelayMs: 10, timeoutMs: 500, ...over });

describe("HTTP ingest transport", () => {
  it("when a batch is delivered twice with its key, then the sink stores it once and both calls succeed", async () => {
    const t = transport();
    const first = await t.deliver(batch());
    await t.deliver(batch());
    expect(first.jobId).toBeDefined();
    expect(sink.records()).toHaveLength(1);
    expect(sink.messageIds()).toEqual(msgs.map((m) => m.id));
  });

  it("when the sink answers 5xx a few times, then the batch is retried with backoff and stored once", async () => {
    sink.failNext(2, 503);
    await transport().deliver(batch());
    expect(sink.attempts()).toBe(3);
    expect(sink.records()).toHaveLength(1);
  });

  it("when the sink keeps failing, then delivery gives up as unavailable (retryable) after the configured attempts", async () => {
    sink.failNext(10, 502);
    await expect(transport({ attempts: 3 }).deliver(batch())).rejects.toBeInstanceOf(IngestUnavailableError);
    expect(sink.attempts()).toBe(3);
  });

  it("when the sink is slower than the timeout, then the attempt is abandoned and retried", async () => {
    sink.setLatency(800);
    await expect(transport({ attempts: 2, timeoutMs: 200 }).deliver(batch())).rejects.toThrow(/no answer within 200 ms/);
  });

  it("when the sink rejects the batch with a 4xx, then delivery fails with the sink's own message", async () => {
    sink.failWhen(() => ({ status: 422, body: { error: { code: "room_archived", message: "room is archived" } } }));
    const err = await transport().deliver(batch()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestRejectedError);
    expect((err as IngestRejectedError).message).toBe("room_archived: room is archived");
    expect((err as IngestRejectedError).status).toBe(422);
  });

  it("when the token is wrong, then delivery fails at once instead of retrying", async () => {
    await expect(transport({ token: "nope" }).deliver(batch())).rejects.toThrow(/missing or invalid bearer token/);
    expect(sink.attempts()).toBe(1);
  });

  it("when a batch already stored is re-sent with an edited message, then it counts as delivered (same ids, same key)", async () => {
    const t = transport();
    await t.deliver(batch("hello"));
    await t.deliver(batch("hello (edited)"));
    expect(sink.records()).toHaveLength(1);
  });
});
