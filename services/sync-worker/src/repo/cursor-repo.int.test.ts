import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@cliq/testkit";
import { LeaseLostError } from "../domain/errors.ts";
import { createCursorRepo, type Checkpoint, type CursorRepo, type Lease, type PendingBatch } from "./cursor-repo.ts";

const cp = (cursor: Checkpoint["cursor"]): Checkpoint => ({ walk: null, cursor, counts: { fetched: 1, processed: 1, warnings: [] } });
function pendingAfter(after: Checkpoint): PendingBatch {
  const body = { source: "zoho_cliq" as const, client_id: "c", room_id: "r", channel: { id: "T1", chat_id: "CT_1", name: "#x" }, transcript: "[2025-01-06 09:00:00] Ann: hi\u0000 é 😀", message_count: 1, first_message_time: "2025-01-06T09:00:00.000Z", last_message_time: "2025-01-06T09:00:00.000Z", message_ids_digest: "d", message_ids: ["400_a"] };
  return { idempotencyKey: "k", body, after };
}

let t: TestDb;
let repo: CursorRepo;
beforeAll(async () => {
  t = await createTestDb();
  repo = createCursorRepo(t.db, t.schema);
});
afterAll(async () => {
  await t.drop();
});

async function acquireOrFail(mappingId: string, owner: string, ttlMs = 60_000): Promise<Lease> {
  const r = await repo.acquire(mappingId, owner, randomUUID(), ttlMs);
  if (r.kind !== "acquired") throw new Error(`expected to acquire, got ${JSON.stringify(r)}`);
  return r.lease;
}

describe("cursor lease and checkpoints", () => {
  it("when a mapping has never synced, then the first lease starts from an empty cursor", async () => {
    const r = await repo.acquire(randomUUID(), "w1", randomUUID(), 60_000);
    expect(r).toMatchObject({ kind: "acquired", cursor: { time: null, ids: [] }, walk: null, pending: null, counts: { fetched: 0, processed: 0, warnings: [] } });
  });

  it("when the lease is held, then a second worker is told who holds it and for how long", async () => {
    const mappingId = randomUUID();
    const jobId = randomUUID();
    await repo.acquire(mappingId, "w1", jobId, 60_000);
    const r = await repo.acquire(mappingId, "w2", randomUUID(), 60_000);
    expect(r).toMatchObject({ kind: "busy", owner: "w1", jobId });
    if (r.kind === "busy") expect(r.expiresInMs).toBeGreaterThan(50_000);
  });

  it("when a holder's lease expired and another worker took over, then the old holder can no longer move the cursor", async () => {
    const mappingId = randomUUID();
    const old = await acquireOrFail(mappingId, "w1", 30);
    await new Promise((r) => setTimeout(r, 60));
    const fresh = await acquireOrFail(mappingId, "w2");
    await expect(repo.checkpoint(old, cp({ time: 5, ids: ["5_a"] }), 60_000)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(repo.writeAhead(old, pendingAfter(cp({ time: 5, ids: ["5_a"] })), 60_000)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await repo.renew(old, 60_000)).toBe(false);
    await repo.checkpoint(fresh, cp({ time: 7, ids: ["7_a", "7_b"] }), 60_000);
    expect(await repo.read(mappingId)).toEqual({ time: 7, ids: ["7_a", "7_b"] });
  });

  it("when a run died with a walk in progress and a batch written ahead, then the next holder gets both back, and a checkpoint clears the batch", async () => {
    const mappingId = randomUUID();
    const jobId = randomUUID();
    const first = await repo.acquire(mappingId, "w1", jobId, 30);
    if (first.kind !== "acquired") throw new Error("expected to acquire");
    const walk = { top: { time: 900, ids: ["900_a", "900_b"] }, frontier: { time: 500, ids: ["500_c"] } };
    await repo.checkpoint(first.lease, { walk, cursor: { time: 100, ids: ["100_a"] }, counts: { fetched: 200, processed: 200, warnings: [] } }, 30);
    const after = { walk: { ...walk, frontier: { time: 400, ids: ["400_a"] } }, cursor: { time: 100, ids: ["100_a"] }, counts: { fetched: 300, processed: 300, warnings: [] } };
    const pending = pendingAfter(after);
    await repo.writeAhead(first.lease, pending, 30);
    await new Promise((r) => setTimeout(r, 60));
    const r = await repo.acquire(mappingId, "w2", jobId, 60_000);
    expect(r).toMatchObject({ kind: "acquired", cursor: { time: 100, ids: ["100_a"] }, walk, pending, counts: { fetched: 200, processed: 200, warnings: [] } });
    if (r.kind !== "acquired") return;
    await repo.checkpoint(r.lease, { walk: null, cursor: walk.top, counts: { fetched: 300, processed: 300, warnings: [] } }, 60_000);
    await repo.release(r.lease);
    expect(await repo.acquire(mappingId, "w3", jobId, 60_000)).toMatchObject({ kind: "acquired", pending: null, walk: null, cursor: walk.top });
  });

  it("when another job takes the mapping, then its counters and warnings start empty, unless it continues the job that counted", async () => {
    const mappingId = randomUUID();
    const jobId = randomUUID();
    const first = await repo.acquire(mappingId, "w1", jobId, 60_000);
    if (first.kind !== "acquired") throw new Error("expected to acquire");
    const warning = { code: "unreachable_messages" as const, chatId: "CT_1", time: 5, seen: 100, message: "crowded" };
    await repo.checkpoint(first.lease, { walk: null, cursor: { time: 5, ids: ["5_a"] }, counts: { fetched: 40, processed: 40, warnings: [warning] } }, 60_000);
    await repo.release(first.lease);
    const other = await repo.acquire(mappingId, "w1", randomUUID(), 60_000);
    expect(other).toMatchObject({ counts: { fetched: 0, processed: 0, warnings: [] } });
    if (other.kind === "acquired") await repo.release(other.lease);
    expect(await repo.acquire(mappingId, "w1", randomUUID(), 60_000, [randomUUID(), jobId])).toMatchObject({ counts: { fetched: 40, processed: 40, warnings: [warning] } });
  });

  it("when a lease is released, then another worker can take it at once", async () => {
    const mappingId = randomUUID();
    const l = await acquireOrFail(mappingId, "w1");
    await repo.release(l);
    expect((await repo.acquire(mappingId, "w2", randomUUID(), 60_000)).kind).toBe("acquired");
  });

  it("when cursor times exceed 32 bits, then they are stored and read back exactly", async () => {
    const mappingId = randomUUID();
    const l = await acquireOrFail(mappingId, "w1");
    await repo.checkpoint(l, cp({ time: 1_732_000_000_123, ids: ["1732000000123_9"] }), 60_000);
    expect(await repo.read(mappingId)).toEqual({ time: 1_732_000_000_123, ids: ["1732000000123_9"] });
  });
});
