// Cliq mixes time forms: epoch ms numbers, numeric strings and ISO-8601 with an offset
// (doc §2.3, §2.6, §5). These helpers read all of them and write either.

const IST_OFFSET_MS = 330 * 60_000;

/** epoch ms from a number, a numeric string or an ISO date-time; NaN when unreadable. */
export function toEpochMs(value: number | string): number {
  if (typeof value === "number") return value;
  if (/^\d+$/.test(value)) return Number(value);
  return Date.parse(value);
}

/** ISO-8601 with the +05:30 offset the spec examples use, e.g. "2017-07-03T14:59:20+05:30". */
export function toZohoIso(ms: number): string {
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19) + "+05:30";
}

export type TimeForm = "ms" | "iso";

/** a time in the form a given channel uses for its time fields. */
export function formatTime(ms: number, form: TimeForm): number | string {
  return form === "ms" ? ms : toZohoIso(ms);
}

/** the form an existing value is in, so appended data keeps a channel's style. */
export function timeFormOf(value: number | string): TimeForm {
  return typeof value === "number" ? "ms" : "iso";
}
