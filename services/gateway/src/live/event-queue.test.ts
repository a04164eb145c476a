import { describe, expect, it } from "vitest";
import { OrderedEventQueue } from "./event-queue.ts";

type S = "a" | "b";
const entry = (item: string, time: number, pending = 0) => ({ item, time: BigInt(time), pending });

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push((await it.next()).value as T);
  return out;
}

const TIMEOUT = Symbol("timeout");
/** The next item, or TIMEOUT when none is released within a few ms (the pending next() is kept). */
function nextOrTimeout<T>(pending: Promise<IteratorResult<T>>): Promise<T | typeof TIMEOUT> {
  return Promise.race([pending.then((r) => r.value as T), new Promise<typeof TIMEOUT>((r) => setTimeout(() => r(TIMEOUT), 15))]);
}

describe("OrderedEventQueue", () => {
  it("when two streams replay a backlog, then items come out in stored-time order across both", async () => {
    const q = new OrderedEventQueue<S, string>(["a", "b"]);
    await q.push("a", entry("a1", 1, 2));
    await q.push("a", entry("a3", 3, 1));
    await q.push("a", entry("a5", 5, 0));
    await q.push("b", entry("b2", 2, 1));
    await q.push("b", entry("b4", 4, 0));
    q.close();
    const out: string[] = [];
    for await (const x of q) out.push(x);
    expect(out).toEqual(["a1", "b2", "a3", "b4", "a5"]);
  });

  it("when one stream has not reported yet, then nothing is released before it could be compared", async () => {
    const q = new OrderedEventQueue<S, string>(["a", "b"]);
    const it = q[Symbol.asyncIterator]();
    await q.push("a", entry("a2", 2));
    const first = it.next();
    expect(await nextOrTimeout(first)).toBe(TIMEOUT);
    await q.push("b", entry("b1", 1, 0));
    expect(await nextOrTimeout(first)).toBe("b1");
    expect(await nextOrTimeout(it.next())).toBe("a2");
  });

  it("when a stream is caught up and empty, then the other stream's items flow live", async () => {
    const q = new OrderedEventQueue<S, string>(["a", "b"]);
    q.setCaughtUp("b", true);
    await q.push("a", entry("a1", 1));
    await q.push("a", entry("a2", 2));
    expect(await take(q[Symbol.asyncIterator](), 2)).toEqual(["a1", "a2"]);
  });

  it("when the reader is slow, then a producer waits once its stream's buffer is full", async () => {
    const q = new OrderedEventQueue<S, string>(["a", "b"], 2);
    q.setCaughtUp("b", true);
    await q.push("a", entry("a1", 1));
    await q.push("a", entry("a2", 2));
    await q.push("a", entry("a3", 3));
    let returned = false;
    const pushing = q.push("a", entry("a4", 4)).then(() => (returned = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(returned).toBe(false);
    const it = q[Symbol.asyncIterator]();
    expect(await take(it, 2)).toEqual(["a1", "a2"]);
    await pushing;
    expect(returned).toBe(true);
  });

  it("when closed with an error, then the reader throws it after the released items", async () => {
    const q = new OrderedEventQueue<S, string>(["a", "b"]);
    q.setCaughtUp("b", true);
    await q.push("a", entry("a1", 1));
    q.close(new Error("stream gone"));
    const seen: string[] = [];
    await expect(async () => {
      for await (const x of q) seen.push(x);
    }).rejects.toThrow("stream gone");
    expect(seen).toEqual(["a1"]);
  });
});
