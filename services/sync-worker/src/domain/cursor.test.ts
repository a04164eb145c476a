import { describe, expect, it } from "vitest";
import { advance, compareMessages, isNew, startPosition, toCursor } from "./cursor.ts";

const m = (time: number, id: string) => ({ time, id });

describe("cursor arithmetic", () => {
  it("when a mapping has no cursor, then messages from sync_from on (inclusive) are new", () => {
    const pos = startPosition({ time: null, ids: [] }, 1_000);
    expect(isNew(m(999, "a"), pos)).toBe(false);
    expect(isNew(m(1_000, "a"), pos)).toBe(true);
  });

  it("when messages share the cursor's millisecond, then only the ids not yet delivered at it are new", () => {
    const pos = startPosition({ time: 5_000, ids: ["5000_a", "5000_b"] }, 0);
    expect(isNew(m(5_000, "5000_a"), pos)).toBe(false);
    expect(isNew(m(5_000, "5000_c"), pos)).toBe(true);
    expect(isNew(m(4_999, "4999_z"), pos)).toBe(false);
    expect(isNew(m(5_001, "5001_a"), pos)).toBe(true);
  });

  it("when a batch ends on the cursor's own millisecond, then the new cursor keeps the earlier ids of that ms too", () => {
    const pos = startPosition({ time: 5_000, ids: ["5000_a"] }, 0);
    const next = advance(pos, [m(5_000, "5000_b"), m(5_000, "5000_c")]);
    expect(toCursor(next)).toEqual({ time: 5_000, ids: ["5000_a", "5000_b", "5000_c"] });
  });

  it("when a batch ends on a later millisecond, then the cursor holds only the ids at that millisecond", () => {
    const pos = startPosition({ time: 5_000, ids: ["5000_a"] }, 0);
    const next = advance(pos, [m(5_000, "5000_b"), m(6_000, "6000_x"), m(7_000, "7000_a"), m(7_000, "7000_b")]);
    expect(toCursor(next)).toEqual({ time: 7_000, ids: ["7000_a", "7000_b"] });
  });

  it("when a batch is split inside a same-millisecond run, then the rest of the run is still new afterwards", () => {
    const run = [m(9, "9_a"), m(9, "9_b"), m(9, "9_c"), m(9, "9_d")];
    const pos = advance(startPosition({ time: null, ids: [] }, 0), run.slice(0, 2));
    expect(run.filter((x) => isNew(x, pos)).map((x) => x.id)).toEqual(["9_c", "9_d"]);
  });

  it("when messages are ordered, then time decides first and the id breaks ties", () => {
    const sorted = [m(2, "b"), m(1, "z"), m(2, "a")].sort(compareMessages);
    expect(sorted.map((x) => x.id)).toEqual(["z", "a", "b"]);
  });
});
