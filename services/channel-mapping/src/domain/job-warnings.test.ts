import type { SyncWarning } from "@cliq/contracts";
import { describe, expect, it } from "vitest";
import { MAX_JOB_WARNINGS, mergeWarnings } from "./job-warnings.ts";

const T = Date.UTC(2025, 0, 6, 9, 0, 0, 123);
const w = (chatId: string, time: number, seen: number, message = `${seen} read`): SyncWarning => ({ code: "unreachable_messages", chatId, time, seen, message });

/** A small seeded PRNG, so a failing order can be reproduced. */
function prng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("a job's warnings", () => {
  it("when two events report the same millisecond of a chat, then the job keeps one warning, the one with the largest seen", () => {
    expect(mergeWarnings([w("CT_1", T, 100)], [w("CT_1", T, 130)], [w("CT_1", T, 100)])).toEqual([w("CT_1", T, 130)]);
  });

  it("when the same millisecond is reported for two chats, then both are kept, newest millisecond first", () => {
    expect(mergeWarnings([w("CT_2", T, 100), w("CT_1", T - 5, 100)], [w("CT_1", T, 100)])).toEqual([w("CT_1", T, 100), w("CT_2", T, 100), w("CT_1", T - 5, 100)]);
  });

  it("when one event lists a warning twice, then it is stored once", () => {
    expect(mergeWarnings([w("CT_1", T, 100), w("CT_1", T, 100)])).toEqual([w("CT_1", T, 100)]);
  });

  it("when nothing was reported, then there are no warnings", () => {
    expect(mergeWarnings(undefined, null, [])).toEqual([]);
  });

  it("when the events arrive in any order, split in any way, and some of them twice, then the result is the same", () => {
    const random = prng(7);
    const all: SyncWarning[] = [];
    // 150 distinct (chat, ms) keys, each reported with different seen counts and messages.
    for (let i = 0; i < 150; i++) {
      const chat = `CT_${i % 3}`;
      const time = T - Math.floor(i / 3) * 1_000;
      all.push(w(chat, time, 100), w(chat, time, 100 + (i % 4)), w(chat, time, 100 + (i % 4), "another text"));
    }
    const expected = mergeWarnings(all);
    expect(expected).toHaveLength(MAX_JOB_WARNINGS);
    for (let round = 0; round < 30; round++) {
      const events = shuffled([...all, ...all.filter(() => random() < 0.3)], random);
      // cut into event-sized lists and fold them in one by one, as the projection does
      let stored: SyncWarning[] = [];
      for (let i = 0; i < events.length; ) {
        const n = 1 + Math.floor(random() * 20);
        stored = mergeWarnings(stored, events.slice(i, i + n));
        i += n;
      }
      expect(stored, `round ${round}`).toEqual(expected);
      expect(mergeWarnings(stored, stored)).toEqual(stored); // idempotent
    }
  });

  it("when there are more than 100, then the newest 100 milliseconds are kept", () => {
    const many = Array.from({ length: 130 }, (_, i) => w("CT_1", T - i, 100));
    const kept = mergeWarnings(many);
    expect(kept).toHaveLength(100);
    expect(kept[0]!.time).toBe(T);
    expect(kept.at(-1)!.time).toBe(T - 99);
  });

  it("when a text holds U+0000 (which JSONB refuses), then it is dropped from the stored text", () => {
    expect(mergeWarnings([w("CT_1", T, 100, "a\u0000b")])).toEqual([w("CT_1", T, 100, "ab")]);
  });
});
