import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.ts";
import type { MessageRef } from "./cursor.ts";

const msgs = (n: number, t0 = 1_000): MessageRef[] => Array.from({ length: n }, (_, i) => ({ time: t0 + Math.floor(i / 3), id: `m${String(i).padStart(4, "0")}` }));
const ids = (batches: MessageRef[][]) => batches.map((b) => b.map((m) => m.id));

describe("Batcher", () => {
  it("when messages come in any split, then batches are the same consecutive runs of the batch size", () => {
    const all = msgs(250);
    const whole = new Batcher<MessageRef>(100);
    const a = [...whole.push(all), ...whole.flush()];
    const pieces = new Batcher<MessageRef>(100);
    const b = [...pieces.push(all.slice(0, 37)), ...pieces.push(all.slice(37, 180)), ...pieces.push(all.slice(180)), ...pieces.flush()];
    expect(ids(a)).toEqual(ids(b));
    expect(a.map((x) => x.length)).toEqual([100, 100, 50]);
  });

  it("when the data has not ended, then a partial batch is held back", () => {
    const b = new Batcher<MessageRef>(100);
    expect(b.push(msgs(150))).toHaveLength(1);
    expect(b.buffered).toBe(50);
  });

  it("when a crashed run left a batch in flight, then exactly that batch is re-formed first, even if a message arrived inside its last millisecond", () => {
    const sent = [
      { time: 10, id: "10_b" },
      { time: 11, id: "11_c" },
      { time: 11, id: "11_d" },
    ];
    const late = { time: 11, id: "11_a" }; // sorts before 11_c but was not in the batch
    const b = new Batcher<MessageRef>(100, sent.map((m) => m.id), 11);
    const out = [...b.push([sent[0]!, late, sent[1]!, sent[2]!, { time: 12, id: "12_x" }]), ...b.flush()];
    expect(ids(out)).toEqual([["10_b", "11_c", "11_d"], ["11_a", "12_x"]]);
  });

  it("when a message of the batch in flight is gone from Zoho, then the rest of it is sent once newer messages show up", () => {
    const b = new Batcher<MessageRef>(100, ["10_a", "10_b", "10_gone"], 10);
    const out = b.push([
      { time: 10, id: "10_a" },
      { time: 10, id: "10_b" },
      { time: 20, id: "20_a" },
    ]);
    expect(ids(out)).toEqual([["10_a", "10_b"]]);
    expect(ids(b.flush())).toEqual([["20_a"]]);
  });
});
