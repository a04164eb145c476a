import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@cliq/testkit";
import { seedDemo } from "./seed.ts";
import { DEMO_ROOMS } from "./seed-data.ts";

describe("demo seed", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.drop());

  it("when the seed runs twice, then the demo client has its internal and external rooms once", async () => {
    await seedDemo(t.db);
    await seedDemo(t.db);
    const rooms = await t.pool.query("SELECT kind, count(*)::int AS n FROM rooms GROUP BY kind ORDER BY kind::text");
    expect(rooms.rows).toEqual([
      { kind: "external", n: DEMO_ROOMS.filter((r) => r.kind === "external").length },
      { kind: "internal", n: DEMO_ROOMS.filter((r) => r.kind === "internal").length },
    ]);
    expect((await t.pool.query("SELECT count(*)::int AS n FROM clients")).rows[0].n).toBe(1);
  });
});
