// Schedule slots. A slot is the start time a scheduled run belongs to; the job id is derived from
// it, so every run inside one slot names the same job.
// - Default (daily) schedule: the latest SCHEDULE_CRON occurrence at or before `now`, in
//   SCHEDULE_TIMEZONE (croner does the cron and DST maths).
// - Custom interval (sync_interval_minutes): floor(now / interval) × interval, on the UTC epoch.
import { Cron } from "croner";

export type Schedule = {
  pattern: string;
  timeZone: string;
  /** The latest occurrence at or before `now`. */
  latestSlot(now: Date): Date;
  /** The first occurrence strictly after `now` (for logs). */
  nextSlot(now: Date): Date | null;
};

const MINUTE_MS = 60_000;
/** Look-back windows, smallest first, so a frequent pattern never walks a long window. */
const LOOKBACK_MS = [MINUTE_MS, 3_600_000, 86_400_000, 8 * 86_400_000, 32 * 86_400_000, 367 * 86_400_000, 5 * 367 * 86_400_000];
const MAX_STEPS = 2_000;

export function createSchedule(pattern: string, timeZone: string): Schedule {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new RangeError(`invalid schedule time zone "${timeZone}": expected an IANA zone name such as "UTC" or "Europe/Berlin"`);
  }
  let cron: Cron;
  try {
    cron = new Cron(pattern, { timezone: timeZone, paused: true });
  } catch (err) {
    throw new RangeError(`invalid schedule cron "${pattern}": ${(err as Error).message}`);
  }
  if (cron.nextRun(new Date()) === null) throw new RangeError(`invalid schedule cron "${pattern}": it never fires`);
  return {
    pattern,
    timeZone,
    latestSlot: (now) => latestOccurrence(cron, pattern, now),
    nextSlot: (now) => cron.nextRun(now),
  };
}

function latestOccurrence(cron: Cron, pattern: string, now: Date): Date {
  for (const lookback of LOOKBACK_MS) {
    let latest: Date | null = null;
    // nextRun(x) is strictly after x, so starting 1 ms before the window includes its first instant.
    let cursor: Date | null = cron.nextRun(new Date(now.getTime() - lookback - 1));
    for (let step = 0; cursor !== null && cursor.getTime() <= now.getTime() && step < MAX_STEPS; step++) {
      latest = cursor;
      cursor = cron.nextRun(cursor);
    }
    if (latest !== null) return latest;
  }
  throw new RangeError(`schedule cron "${pattern}" has no occurrence in the five years before ${now.toISOString()}`);
}

/** The slot of a mapping with a custom interval: intervals are aligned to the UTC epoch. */
export function intervalSlot(now: Date, intervalMinutes: number): Date {
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1) throw new RangeError(`invalid sync interval ${intervalMinutes}: expected whole minutes ≥ 1`);
  const size = intervalMinutes * MINUTE_MS;
  return new Date(Math.floor(now.getTime() / size) * size);
}

/** A mapping's current slot: its custom interval's slot, else the default schedule's. */
export function slotFor(mapping: { syncIntervalMinutes: number | null }, defaultSlot: Date, now: Date): Date {
  return mapping.syncIntervalMinutes === null ? defaultSlot : intervalSlot(now, mapping.syncIntervalMinutes);
}
