import { describe, expect, it } from "vitest";
import { compareMessages, isNew, startPosition } from "./cursor.ts";

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

  it("when messages are ordered, then time decides first and the id breaks ties", () => {
    const sorted = [m(2, "b"), m(1, "z"), m(2, "a")].sort(compareMessages);
    expect(sorted.map((x) => x.id)).toEqual(["z", "a", "b"]);
  });
});
