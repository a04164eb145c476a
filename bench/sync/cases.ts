// The 27 backlogs of the request-count table (the families of the removed window planner's table
// in bench/RESULTS.md, plus the daily increments and dense milliseconds). Every history comes
// from the simulator's generator with its defaults unless a case says otherwise: one message a
// minute on average (0.5–1.5 min apart), 6 % hidden entries (singles and runs of 2–8), 4 % of
// entries tied to the previous one's millisecond plus a run of 3–12 every 100–200 entries; and a
// 7-entry tie forced across the newest page's edge (chats.ts).
import { bursts, chat, DAY, forceNewestEdgeTie, HOUR, merge, workingDays, type Chat } from "./chats.ts";

export type Backlog = {
  /** The history present before the measured run. */
  history: Chat;
  /** When set: the history is synced first (not measured), then this arrives and the next run is measured. */
  added?: Chat;
  /** The mapping's sync-from instant (epoch ms). */
  syncFrom: number;
};

export type BenchCase = { family: string; variant: string; build(end: number): Backlog };

const TEN_YEARS = 3_650 * DAY;
const SEEDS = [1, 2, 3];

/** A first backfill of `count` messages ending at `end`, sync-from 10 years back (before the history). */
function firstBackfill(seed: number, count: number, extra: { tieRate?: number; maxPerMs?: number; crowdedMs?: number } = {}) {
  return (end: number): Backlog => ({ history: forceNewestEdgeTie(chat({ seed, count, endTime: end, ...extra })), syncFrom: end - TEN_YEARS });
}

/** 2,000 synced messages, a 14 h overnight gap, then `n` new ones (20 s apart) up to `end`. */
function dailySync(seed: number, n: number) {
  return (end: number): Backlog => {
    const spacingMs = 20_000;
    const oldEnd = end - 14 * HOUR - Math.ceil(1.5 * n * spacingMs);
    const history = chat({ seed, count: 2_000, endTime: oldEnd });
    if (n === 0) return { history, added: { messages: [], hidden: [] }, syncFrom: end - TEN_YEARS };
    const all = forceNewestEdgeTie(merge([history, chat({ seed: seed + 1_000, count: n, spacingMs, endTime: end }, "new")]), oldEnd);
    const added = { messages: all.messages.filter((m) => Number(m.time) > oldEnd), hidden: all.hidden.filter((h) => h.time > oldEnd) };
    return { history, added, syncFrom: end - TEN_YEARS };
  };
}

export const CASES: readonly BenchCase[] = [
  ...SEEDS.map((s) => ({ family: "400 msgs, start 10 years back (first backfill)", variant: `seed ${s}`, build: firstBackfill(s, 400) })),
  ...SEEDS.map((s) => ({
    family: "400 msgs over the last 30 days, start 30 days back, 1,000 older before it",
    variant: `seed ${s}`,
    build: (end: number): Backlog => ({
      history: forceNewestEdgeTie(merge([chat({ seed: s, count: 1_000, endTime: end - 31 * DAY }, "old"), chat({ seed: s + 50, count: 400, spacingMs: Math.floor((29 * DAY) / 400 / 1.5), endTime: end })])),
      syncFrom: end - 30 * DAY,
    }),
  })),
  ...SEEDS.map((s) => ({ family: "2,000 msgs (first backfill)", variant: `seed ${s}`, build: firstBackfill(s, 2_000) })),
  ...SEEDS.map((s) => ({ family: "5,000 msgs (first backfill)", variant: `seed ${s}`, build: firstBackfill(s, 5_000) })),
  { family: "30,000 msgs, first run (per-run cap 10,000)", variant: "seed 1", build: firstBackfill(1, 30_000) },
  { family: "10 bursts of 300, 90 days apart (first backfill)", variant: "seed 1", build: (end) => ({ history: forceNewestEdgeTie(bursts(1, 10, 300, 90, end)), syncFrom: end - TEN_YEARS }) },
  { family: "20 working days × 800, weekends empty (first run, capped)", variant: "seed 1", build: (end) => ({ history: forceNewestEdgeTie(workingDays(1, 800, end)), syncFrom: end - TEN_YEARS }) },
  { family: "2,000 msgs, dense same-ms runs (first backfill)", variant: "ties 50 %, ≤ 30 per ms", build: firstBackfill(1, 2_000, { tieRate: 0.5, maxPerMs: 30 }) },
  { family: "2,000 msgs, dense same-ms runs (first backfill)", variant: "ties 80 %, ≤ 60 per ms", build: firstBackfill(2, 2_000, { tieRate: 0.8, maxPerMs: 60 }) },
  { family: "2,000 msgs, dense same-ms runs (first backfill)", variant: "one ms holding 95", build: firstBackfill(3, 2_000, { crowdedMs: 95 }) },
  ...[1, 2].map((s) => ({ family: "daily sync: 1,500 new after an overnight gap", variant: `seed ${s}`, build: dailySync(s, 1_500) })),
  { family: "daily sync: caught up, 0 new", variant: "seed 1", build: dailySync(1, 0) },
  ...[1, 50, 99, 100, 101, 250].map((n) => ({ family: "daily sync: small increment", variant: `${n} new`, build: dailySync(4, n) })),
];
