import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "./db.ts";

describe("per-test database schema", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("when a test schema is created, then every table exists and Prisma writes into that schema only", async () => {
    const client = await t.db.client.create({ data: { name: "Acme" } });
    const rows = await t.pool.query("SELECT name FROM clients WHERE id = $1", [client.id]);
    expect(rows.rows).toEqual([{ name: "Acme" }]);
    const tables = await t.pool.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [t.schema],
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["audit_log", "clients", "rooms", "zoho_auth", "zoho_channel_mappings", "zoho_sync_cursors", "zoho_sync_jobs"]),
    );
  });

  it("when a second mapping targets a mapped channel, then the database refuses it", async () => {
    const c = await t.db.client.create({ data: { name: "C" } });
    const r1 = await t.db.room.create({ data: { clientId: c.id, name: "a", kind: "internal" } });
    const r2 = await t.db.room.create({ data: { clientId: c.id, name: "b", kind: "internal" } });
    const base = { clientId: c.id, zohoChatId: "CT_1", zohoChannelName: "#x", createdBy: "u" };
    await t.db.zohoChannelMapping.create({ data: { ...base, roomId: r1.id, zohoChannelId: "T1" } });
    await expect(t.db.zohoChannelMapping.create({ data: { ...base, roomId: r2.id, zohoChannelId: "T1" } })).rejects.toThrow(/Unique constraint/);
  });
});
