// The simulator's clock: real time (or a supplied source) plus an offset that tests move with
// advance()/set(), so token expiry, code expiry, rate windows and locks need no real waiting.
import type { SimClock } from "../types.ts";

export function createClock(source: () => number = Date.now): SimClock {
  let offset = 0;
  return {
    now: () => source() + offset,
    advance: (ms) => {
      if (!Number.isFinite(ms)) throw new Error(`clock.advance: ms must be a finite number, got ${ms}`);
      offset += ms;
    },
    set: (ms) => {
      if (!Number.isFinite(ms)) throw new Error(`clock.set: ms must be a finite number, got ${ms}`);
      offset = ms - source();
    },
  };
}
