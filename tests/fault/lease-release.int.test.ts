// Found by the fault suite: a capped run's continuation was once coalesced ("the mapping is
// already syncing (job unknown on another worker)") although nothing was syncing, and the sync
// stopped half-way until the next scheduled run. The sequence, reproduced here deterministically
// with the worker's own lease keeper and cursor repository on a real PostgreSQL schema:
//   1. the keeper starts a renewal (every TTL/3) — it is in flight (pool wait, network);
//   2. the run ends: `keeper.stop()` (does not wait for the renewal), then `release(lease)`;
//   3. the renewal lands after the release: `renew` is fenced only by the fencing token, which
//      release keeps, so it sets lease_expires_at = now() + TTL on a row whose owner is NULL;
//   4. the continuation's `acquire` finds an unexpired lease held by nobody → "busy" → coalesced.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@cliq/runtime";
import { createTestDb, DATABASE_URL, type TestDb } from "@cliq/testkit";
import { createCursorRepo, type CursorRepo } from "../../services/sync-worker/src/repo/cursor-repo.ts";
import { keepLease } from "../../services/sync-worker/src/sync/lease-keeper.ts";

const TTL_MS = 600;
let t: TestDb;
let mappingId: string;

beforeAll(async () => {
  t = await createTestDb(DATABASE_URL);
  const client = await t.db.client.create({ data: { name: "lease client" } });
  const room = await t.db.room.create({ data: { clientId: client.id, name: "lease room", kind: "internal" } });
  const m = await t.db.zohoChannelMapping.create({
    data: { clientId: client.id, roomId: room.id, zohoChannelId: "O1", zohoChatId: "CT_1", zohoChannelName: "#lease", createdBy: "fault-test" },
  });
  mappingId = m.id;
});

afterAll(async () => {
  await t?.drop();
});

describe("lease release at the end of a run", () => {
  it("when a lease renewal is still in flight as the run releases its lease, then the next job can still take the lease at once", async () => {
    const cursors = createCursorRepo(t.db, t.schema);
    // The renewal reaches the database 300 ms after the keeper sent it (a busy pool or network).
    const slowRenew: CursorRepo = { ...cursors, renew: async (lease, ttlMs) => (await sleep(300), cursors.renew(lease, ttlMs)) };
    const first = await cursors.acquire(mappingId, "w1", randomUUID(), TTL_MS);
    if (first.kind !== "acquired") throw new Error("the mapping's lease should be free");
    const keeper = keepLease({ cursors: slowRenew, lease: first.lease, ttlMs: TTL_MS, logger: createLogger({ service: "fault-test", level: "silent" }), onLost: () => undefined });
    await sleep(TTL_MS / 3 + 50); // the first renewal is on its way
    // what sync-runner does when a run ends:
    keeper.stop();
    await cursors.release(first.lease);
    await sleep(400); // the renewal lands

    const row = (await t.pool.query("SELECT lease_owner, coalesce(lease_expires_at > now(), false) AS live FROM zoho_sync_cursors WHERE mapping_id = $1", [mappingId])).rows[0];
    const continuation = await cursors.acquire(mappingId, "w2", randomUUID(), TTL_MS);
    expect({ row, continuation: continuation.kind }).toEqual({ row: { lease_owner: null, live: false }, continuation: "acquired" });
  });
});
