import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@cliq/testkit";
import { LeaseLostError } from "../domain/errors.ts";
import { createCursorRepo, type CursorRepo, type Lease } from "./cursor-repo.ts";

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
    expect(r).toMatchObject({ kind: "acquired", cursor: { time: null, ids: [] }, pending: null });
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
    await expect(repo.checkpoint(old, { time: 5, ids: ["5_a"] }, 60_000)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await repo.renew(old, 60_000)).toBe(false);
    await repo.checkpoint(fresh, { time: 7, ids: ["7_a", "7_b"] }, 60_000);
    expect(await repo.read(mappingId)).toEqual({ time: 7, ids: ["7_a", "7_b"] });
  });

  it("when a batch was recorded as pending and the run died, then the next holder gets it back, and a checkpoint clears it", async () => {
    const mappingId = randomUUID();
    const first = await acquireOrFail(mappingId, "w1", 30);
    await repo.checkpoint(first, { time: 100, ids: ["100_a"] }, 30);
    await repo.recordPending(first, { ids: ["101_a", "102_a"], lastTime: 102 }, 30);
    await new Promise((r) => setTimeout(r, 60));
    const r = await repo.acquire(mappingId, "w2", randomUUID(), 60_000);
    expect(r).toMatchObject({ kind: "acquired", cursor: { time: 100, ids: ["100_a"] }, pending: { ids: ["101_a", "102_a"], lastTime: 102 } });
    if (r.kind !== "acquired") return;
    await repo.checkpoint(r.lease, { time: 102, ids: ["102_a"] }, 60_000);
    await repo.release(r.lease);
    expect(await repo.acquire(mappingId, "w3", randomUUID(), 60_000)).toMatchObject({ kind: "acquired", pending: null, cursor: { time: 102 } });
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
    await repo.checkpoint(l, { time: 1_732_000_000_123, ids: ["1732000000123_9"] }, 60_000);
    expect(await repo.read(mappingId)).toEqual({ time: 1_732_000_000_123, ids: ["1732000000123_9"] });
  });
});
