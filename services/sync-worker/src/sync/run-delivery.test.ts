// The delivery loop against in-memory stand-ins: a chat with the API's window rule, a sink that
// stores each Idempotency-Key once, and a cursor store. Crashes are simulated between the POST
// and the checkpoint, the one place where exactly-once depends on the batch being re-formed.
import { describe, expect, it } from "vitest";
import type { Cursor } from "@cliq/contracts";
import { createLogger } from "@cliq/runtime";
import type { ZohoMessage } from "@cliq/zoho-client";
import { compareMessages } from "../domain/cursor.ts";
import type { IngestBatch } from "../domain/ingest-payload.ts";
import type { CursorRepo, Lease, PendingBatch } from "../repo/cursor-repo.ts";
import { FakeChat, generateMessages } from "./fake-chat.ts";
import { deliverNewMessages, type DeliveryConfig, type DeliveryProgress } from "./run-delivery.ts";
import type { SyncEvents } from "./sync-events.ts";

const logger = createLogger({ service: "test", level: "silent" });
const cfg: DeliveryConfig = { leaseTtlMs: 60_000, maxMessagesPerRun: 100_000, pageSize: 100, targetPages: 10, maxPagesPerWindow: 25, timeZone: "UTC", windowsInFlight: 2, openWindowPages: 5 };
const lease: Lease = { mappingId: "m", owner: "w", jobId: "j", fencingToken: "1" };
const job = { jobId: "j", mappingId: "m", correlationId: "c" };
const target = { mappingId: "m", clientId: "c", roomId: "r", channel: { id: "T", chatId: "CT", name: "#x" } };

const asZoho = (m: { id: string; time: number }): ZohoMessage => ({ ...m, type: "text", sender: { id: "1", name: "Ann" }, text: `msg ${m.id}`, file: null, comment: null, edited: false, editedTime: null, isThreadParent: false, raw: m });

function world(messages: { id: string; time: number }[]) {
  const chat = new FakeChat(messages);
  const stored = new Map<string, string[]>();
  const state: { cursor: Cursor; pending: PendingBatch | null } = { cursor: { time: null, ids: [] }, pending: null };
  let crashAfterPosts = Number.POSITIVE_INFINITY;
  const cursors = {
    recordPending: async (_l: Lease, p: PendingBatch) => void (state.pending = p),
    checkpoint: async (_l: Lease, c: Cursor) => {
      state.cursor = c;
      state.pending = null;
    },
  } as unknown as CursorRepo;
  const events = { progress: async () => undefined } as unknown as SyncEvents;
  const ingest = {
    async deliver(b: IngestBatch) {
      if (!stored.has(b.idempotencyKey)) stored.set(b.idempotencyKey, b.body.message_ids);
      if (--crashAfterPosts <= 0) throw new Error("crash after the POST, before the checkpoint");
      return {};
    },
  };
  const run = async (crashAfter = Number.POSITIVE_INFINITY) => {
    crashAfterPosts = crashAfter;
    const progress: DeliveryProgress = { fetched: 0, processed: 0, cursor: state.cursor, caughtUp: false };
    const input = { job, lease, target, cursor: state.cursor, syncFromMs: 0, pending: state.pending, continuesCappedRun: false, fetchPage: async (q: Parameters<FakeChat["page"]>[0]) => chat.page(q).map(asZoho), signal: new AbortController().signal };
    await deliverNewMessages({ cursors, events, ingest, logger }, cfg, input, progress).catch(() => undefined);
  };
  return { chat, stored, state, run, sinkIds: () => [...stored.values()].flat() };
}

describe("delivery loop: exactly once across crashes", () => {
  it("when a run crashes after posting a batch and before its checkpoint, then the next run re-sends the same batch (same key) and nothing is stored twice", async () => {
    const w = world(generateMessages(750, 1_000, 10));
    await w.run(3);
    expect(w.state.cursor.time).not.toBeNull();
    await w.run();
    expect(w.sinkIds()).toEqual(w.chat.all().map((m) => m.id));
  });

  it("when the crash hits the batch at the live end and a message then arrives inside its last millisecond, then that batch is re-formed from the recorded ids", async () => {
    const w = world(generateMessages(150, 1_000, 10));
    await w.run(2); // the second batch (50 messages, the live end) is posted, then the worker dies
    expect(w.state.pending?.ids).toHaveLength(50);
    const lastMs = w.state.pending!.lastTime;
    w.chat.add([{ time: lastMs, id: `${lastMs}_000_late` }]); // sorts before the batch's last id
    await w.run();
    const ids = w.sinkIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(w.chat.all().map((m) => m.id).sort());
    expect(w.stored.size).toBe(3);
  });

  it("when the checkpoint of one batch is written while the next is posted and the run crashes in between, then both are re-sent under their own keys only", async () => {
    const w = world(generateMessages(1_000, 1_000, 10));
    for (const crashAt of [2, 4, 5, 7]) await w.run(crashAt);
    await w.run();
    expect(w.sinkIds()).toEqual(w.chat.all().sort(compareMessages).map((m) => m.id));
  });
});
