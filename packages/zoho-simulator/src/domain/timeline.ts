// The shape of a generated chat history before any content: which entries are hidden and
// which share a millisecond. It exists to break the assumptions a sync engine is tempted to
// make: that a page shorter than `limit` means the end (hidden entries mid-history, §2.6),
// and that a page edge never splits a millisecond (ties anywhere, not just at the newest page).
import type { Prng } from "./prng.ts";

export type TimelineOptions = {
  /** visible messages */
  count: number;
  startTime: number;
  spacingMs: number;
  /** share of all entries that are hidden (singles and runs of 2–8, like a deleted stretch) */
  hiddenRate: number;
  /** chance that an entry shares the previous entry's millisecond */
  tieRate: number;
  /** longest same-millisecond run made by chance (tieRate and the run every ~150 entries) */
  maxPerMs: number;
  /** one millisecond in the middle of the history holding exactly this many visible messages */
  crowdedMs?: number;
  /** shift the whole history so the newest entry is at this time */
  endTime?: number;
  /** generateOrg's documented layout: the newest 110 entries are visible, with runs straddling the newest-100 and newest-10 page edges */
  pageEdgeRuns: boolean;
};

export type Slot = { hidden: boolean; t: number };

/** newest entries kept free of hidden ones under pageEdgeRuns, so the edge runs sit on the page edges with hidden entries on or off */
export const VISIBLE_NEWEST = 110;
const HIDDEN_RUN_SHARE = 0.3;
/** mean entries per hidden group: 70 % singles, 30 % runs of 2–8 (mean 5) */
const MEAN_HIDDEN_GROUP = 1 - HIDDEN_RUN_SHARE + HIDDEN_RUN_SHARE * 5;
export const MAX_HIDDEN_RATE = 0.6;

export function layOutTimeline(prng: Prng, o: TimelineOptions): { slots: Slot[]; crowdedTime?: number } {
  const { kinds, crowdedEntry } = hiddenLayout(prng, o);
  const n = kinds.length;
  const same = new Set<number>();
  const fresh = new Set<number>();
  if (o.pageEdgeRuns && o.count >= VISIBLE_NEWEST) for (let j = n - 105; j <= n - 96; j++) same.add(j); // 11 in one ms: 6 inside the newest 100, 5 outside
  if (o.pageEdgeRuns && o.count >= 30) for (let j = n - 11; j <= n - 8; j++) same.add(j); // 5 in one ms: 3 inside the newest 10, 2 outside
  const crowd = o.crowdedMs ?? 0;
  if (crowdedEntry !== undefined) {
    fresh.add(crowdedEntry).add(crowdedEntry + crowd);
    for (let j = crowdedEntry + 1; j < crowdedEntry + crowd; j++) same.add(j);
  }
  // chance-made runs stay clear of the forced ones so those keep their documented sizes
  const periodicEnd = o.pageEdgeRuns ? n - VISIBLE_NEWEST : n;
  const clearOfCrowd = (from: number, to: number) => crowdedEntry === undefined || to < crowdedEntry - 1 || from > crowdedEntry + crowd;

  const slots: Slot[] = [];
  let t = o.startTime;
  let runLength = 0;
  let runLeft = 0;
  let nextRun = prng.int(75, 225);
  for (let j = 0; j < n; j++) {
    const chance = prng.next();
    let tie: boolean;
    if (j === 0 || fresh.has(j)) tie = false;
    else if (same.has(j)) tie = true;
    else if (runLeft > 0) {
      tie = true;
      runLeft -= 1;
    } else if (j >= nextRun) {
      tie = false;
      const length = o.maxPerMs >= 3 ? prng.int(3, o.maxPerMs) : 0;
      if (length > 0 && j + length <= periodicEnd && clearOfCrowd(j, j + length)) runLeft = length - 1;
      nextRun = j + Math.max(length, 1) + prng.int(100, 200);
    } else tie = chance < o.tieRate && runLength < o.maxPerMs;
    if (j > 0 && !tie) t += Math.max(1, Math.round(o.spacingMs * (0.5 + prng.next())));
    runLength = tie ? runLength + 1 : 1;
    slots.push({ hidden: kinds[j] as boolean, t });
  }
  const shift = o.endTime === undefined || slots.length === 0 ? 0 : o.endTime - t;
  if (shift !== 0) for (const s of slots) s.t += shift;
  const crowdedTime = crowdedEntry === undefined ? undefined : (slots[crowdedEntry] as Slot).t;
  return crowdedTime === undefined ? { slots } : { slots, crowdedTime };
}

/** true = hidden, in entry order; hidden groups go before a visible message, never inside the crowded run or the protected newest entries */
function hiddenLayout(prng: Prng, o: TimelineOptions): { kinds: boolean[]; crowdedEntry?: number } {
  const kinds: boolean[] = [];
  const perGap = o.hiddenRate / (1 - o.hiddenRate) / MEAN_HIDDEN_GROUP;
  const lastGap = o.pageEdgeRuns ? o.count - VISIBLE_NEWEST : o.count - 1;
  const crowdStart = o.crowdedMs === undefined ? -1 : Math.floor((o.count - o.crowdedMs) / 2);
  const crowdEnd = o.crowdedMs === undefined ? -1 : crowdStart + o.crowdedMs;
  let crowdedEntry: number | undefined;
  for (let i = 0; i < o.count; i++) {
    const insideCrowd = i > crowdStart && i < crowdEnd;
    if (i > 0 && i <= lastGap && !insideCrowd && prng.next() < perGap) {
      const size = prng.next() < HIDDEN_RUN_SHARE ? prng.int(2, 8) : 1;
      for (let k = 0; k < size; k++) kinds.push(true);
    }
    if (i === crowdStart) crowdedEntry = kinds.length;
    kinds.push(false);
  }
  return crowdedEntry === undefined ? { kinds } : { kinds, crowdedEntry };
}
