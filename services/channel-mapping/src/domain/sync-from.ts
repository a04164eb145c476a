// Where a new mapping's first sync starts: "now" (0 days, nothing old is imported) or N days back.
const DAY_MS = 86_400_000;

export function syncFromFor(now: Date, backfillDays: number): Date {
  return new Date(now.getTime() - backfillDays * DAY_MS);
}
