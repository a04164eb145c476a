import { describe, expect, it } from "vitest";
import { syncFromFor } from "./sync-from.ts";

describe("first sync start", () => {
  const now = new Date("2026-03-10T12:00:00.000Z");
  it("when no backfill is asked, then the first sync starts now", () => {
    expect(syncFromFor(now, 0)).toEqual(now);
  });
  it("when a 7-day backfill is asked, then it starts exactly 7 days earlier", () => {
    expect(syncFromFor(now, 7).toISOString()).toBe("2026-03-03T12:00:00.000Z");
  });
});
