import { describe, expect, it } from "vitest";
import { WindowProbe } from "./window-probe.ts";

const m = (time: number, id: string) => ({ time, id });
const run = (time: number, n: number, tag = "") => Array.from({ length: n }, (_, i) => m(time, `${time}_${tag}${String(i).padStart(3, "0")}`));

describe("WindowProbe (reading one window backwards)", () => {
  it("when a page is full, then the next page asks up to the page's oldest millisecond inclusive and drops ids already seen there", () => {
    const p = new WindowProbe({ from: 0, to: null }, { pageSize: 4, maxPages: 10 });
    expect(p.query()).toEqual({ fromTime: 0, toTime: null });
    p.accept([m(10, "10_c"), m(10, "10_d"), m(11, "11_a"), m(12, "12_a")]);
    expect(p.query()).toEqual({ fromTime: 0, toTime: 10 });
    // the API answers the newest 4 up to ms 10: two seen, two new at ms 10... and one older
    p.accept([m(9, "9_a"), m(10, "10_a"), m(10, "10_c"), m(10, "10_d")]);
    expect(p.query()).toEqual({ fromTime: 0, toTime: 9 });
    p.accept([m(9, "9_a")]);
    expect(p.status).toBe("complete");
    expect(p.messages().map((x) => x.id)).toEqual(["9_a", "10_a", "10_c", "10_d", "11_a", "12_a"]);
  });

  it("when a page is shorter than the page size, then the window is complete", () => {
    const p = new WindowProbe({ from: 5, to: 50 }, { pageSize: 100, maxPages: 10 });
    p.accept([m(6, "a"), m(7, "b")]);
    expect(p.status).toBe("complete");
    expect(p.stats).toMatchObject({ pages: 1, messages: 2, newest: 7, oldest: 6 });
  });

  it("when an empty page comes back, then the window is complete", () => {
    const p = new WindowProbe({ from: 5, to: 50 }, { pageSize: 100, maxPages: 10 });
    p.accept([]);
    expect(p.status).toBe("complete");
    expect(p.messages()).toEqual([]);
  });

  it("when a whole full page shares one millisecond, then the probe steps below it and reports the possible loss instead of asking again", () => {
    const p = new WindowProbe({ from: 0, to: null }, { pageSize: 4, maxPages: 10 });
    p.accept(run(20, 4));
    expect(p.query()).toEqual({ fromTime: 0, toTime: 19 });
    expect(p.sameMsOverflows).toEqual([{ time: 20, seen: 4 }]);
    p.accept([m(3, "3_a")]);
    expect(p.status).toBe("complete");
  });

  it("when the next upper bound falls below the window start, then the window is complete without another request", () => {
    const p = new WindowProbe({ from: 20, to: 30 }, { pageSize: 4, maxPages: 10 });
    p.accept(run(20, 4));
    expect(p.status).toBe("complete");
    expect(p.stats.pages).toBe(1);
  });

  it("when a window needs more pages than allowed, then it overflows and lets go of what it read", () => {
    const p = new WindowProbe({ from: 0, to: 1_000 }, { pageSize: 2, maxPages: 2 });
    p.accept([m(900, "a"), m(950, "b")]);
    p.accept([m(800, "c"), m(900, "a")]);
    expect(p.status).toBe("overflow");
    expect(p.stats).toMatchObject({ pages: 2, messages: 3, newest: 950, oldest: 800 });
    expect(() => p.messages()).toThrow(/only known once the window is complete/);
  });

  it("when the density of the first page says the window is far too big, then it overflows after that page (open window)", () => {
    const p = new WindowProbe({ from: 0, to: null }, { pageSize: 2, maxPages: 5, estimateLimit: 5 });
    p.accept([m(9_990, "a"), m(10_000, "b")]);
    expect(p.status).toBe("overflow");
  });

  it("when the estimate may only be trusted after 3 pages, then a short backlog above a long gap is read to its end", () => {
    const p = new WindowProbe({ from: 0, to: null }, { pageSize: 2, maxPages: 5, estimateLimit: 5, estimateAfterPages: 3 });
    p.accept([m(9_990, "a"), m(10_000, "b")]);
    p.accept([m(9_970, "c"), m(9_980, "d")]);
    expect(p.status).toBe("probing");
    p.accept([m(9_960, "e")]);
    expect(p.status).toBe("complete");
    expect(p.messages().map((x) => x.id)).toEqual(["e", "c", "d", "a", "b"]);
  });

  it("when the estimate may only be trusted after 2 pages and the second page still says far too big, then it overflows there", () => {
    const p = new WindowProbe({ from: 0, to: null }, { pageSize: 2, maxPages: 5, estimateLimit: 5, estimateAfterPages: 2 });
    p.accept([m(9_990, "a"), m(10_000, "b")]);
    expect(p.status).toBe("probing");
    p.accept([m(9_970, "c"), m(9_980, "d")]);
    expect(p.status).toBe("overflow");
  });

  it("when a window is asked for after it ended, then it says so instead of guessing", () => {
    const p = new WindowProbe({ from: 0, to: 10 }, { pageSize: 2, maxPages: 5 });
    p.accept([]);
    expect(() => p.query()).toThrow(/complete/);
    expect(() => p.accept([])).toThrow(/complete/);
    expect(() => new WindowProbe({ from: 10, to: 5 }, { pageSize: 2, maxPages: 5 })).toThrow(/before it starts/);
  });
});
