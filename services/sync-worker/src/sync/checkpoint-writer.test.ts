import { describe, expect, it } from "vitest";
import { CheckpointWriter } from "./checkpoint-writer.ts";

function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open: () => open() };
}

describe("CheckpointWriter", () => {
  it("when cursors arrive while a write is in flight, then only the latest of them is written next, in order", async () => {
    const written: number[] = [];
    const first = gate();
    const w = new CheckpointWriter<number>(async (c) => {
      if (c === 1) await first.opened;
      written.push(c);
    }, 10);
    await w.submit(1);
    await w.submit(2);
    await w.submit(3);
    first.open();
    await w.flush();
    expect(written).toEqual([1, 3]);
  });

  it("when the writer falls maxLag batches behind, then submit waits until it caught up", async () => {
    const slow = gate();
    const w = new CheckpointWriter<number>(async () => slow.opened, 3);
    await w.submit(1);
    await w.submit(2);
    let third = false;
    const waiting = w.submit(3).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    slow.open();
    await waiting;
    expect(third).toBe(true);
  });

  it("when a write fails (e.g. the lease was lost), then the next submit and flush throw that error and nothing later is written", async () => {
    const written: number[] = [];
    const w = new CheckpointWriter<number>(async (c) => {
      if (c === 1) throw new Error("lease lost");
      written.push(c);
    }, 10);
    await w.submit(1);
    await expect(w.flush()).rejects.toThrow("lease lost");
    await expect(w.submit(2)).rejects.toThrow("lease lost");
    expect(written).toEqual([]);
  });
});
