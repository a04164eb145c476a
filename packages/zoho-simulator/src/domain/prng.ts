// A tiny seeded PRNG (mulberry32): the generated org and probabilistic faults must be
// reproducible from a seed, so nothing here may touch Math.random.

export type Prng = {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [min, max] inclusive */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `n` decimal digits, first digit non-zero */
  digits(n: number): string;
  hex(n: number): string;
};

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    digits: (n) => {
      let s = String(int(1, 9));
      while (s.length < n) s += String(int(0, 9));
      return s;
    },
    hex: (n) => {
      let s = "";
      while (s.length < n) s += int(0, 15).toString(16);
      return s;
    },
  };
}

/** FNV-1a, 32 bit: a stable number from a string (seed mixing, ids derived from a chat id) */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
