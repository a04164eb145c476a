// `YYYY-MM-DD HH:mm:ss` in an IANA zone. Intl (full ICU ships with Node) knows every zone's
// DST rules, so no date library is needed. `hourCycle: "h23"` matters: with `hour12: false`
// some ICU versions print midnight as "24".
//
// Intl's formatToParts costs microseconds per call, which made it the worker's hottest
// function. A zone's UTC offset only changes at a transition, so it is asked once per UTC hour
// (memoised per zone, bounded) and the wall time is computed with arithmetic. An hour that
// contains a transition (its first and last millisecond disagree — e.g. Lord Howe's half-hour
// shifts, or historic local-mean-time offsets off the hour) is formatted by Intl, as are years
// outside 1583–9999, so the output is exactly Intl's.

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter for one zone, built once: constructing an Intl.DateTimeFormat costs far more
 * than formatting with it, and a transcript formats thousands of timestamps in one zone.
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      numberingSystem: "latn",
    });
  } catch {
    throw new RangeError(`invalid time zone "${timeZone}": expected an IANA zone name such as "UTC" or "Europe/Berlin"`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** Throws a RangeError naming the zone when it is not a valid IANA zone. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function assertFinite(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`invalid message time ${String(ms)}: expected epoch milliseconds`);
}

/** The reference implementation: Intl for every call. Exact, but slow; the fast path is checked against it. */
export function formatTimestampIntl(ms: number, timeZone: string): string {
  assertFinite(ms);
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const year = (parts.year ?? "").padStart(4, "0");
  return `${year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const HOUR_MS = 3_600_000;
/** Hours remembered per zone (~1 year of hourly traffic); enough for any batch, bounded for a long-lived worker. */
const MAX_HOURS_PER_ZONE = 8_192;
/** Marks an hour holding an offset change: formatted by Intl. */
const MIXED = Number.NaN;
/** Where the arithmetic matches Intl for certain (proleptic Gregorian, 4-digit years). */
const FAST_FROM_MS = Date.UTC(1583, 0, 2);
const FAST_UNTIL_MS = Date.UTC(9999, 11, 30);

const offsetsByZone = new Map<string, Map<number, number>>();

/** Wall-clock time minus UTC at `ms` (a whole second), as Intl sees it. */
function offsetAt(ms: number, formatter: Intl.DateTimeFormat): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of formatter.formatToParts(ms)) {
    if (p.type === "year") y = Number(p.value);
    else if (p.type === "month") mo = Number(p.value);
    else if (p.type === "day") d = Number(p.value);
    else if (p.type === "hour") h = Number(p.value);
    else if (p.type === "minute") mi = Number(p.value);
    else if (p.type === "second") s = Number(p.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(y, mo - 1, d);
  wall.setUTCHours(h, mi, s, 0);
  return wall.getTime() - ms;
}

/** The zone's offset throughout the UTC hour `hour`, or MIXED when it changes inside it. */
function hourOffset(timeZone: string, hour: number): number {
  let hours = offsetsByZone.get(timeZone);
  if (hours === undefined) {
    hours = new Map();
    offsetsByZone.set(timeZone, hours);
  }
  const cached = hours.get(hour);
  if (cached !== undefined) return cached;
  const formatter = formatterFor(timeZone);
  const start = hour * HOUR_MS;
  const first = offsetAt(start, formatter);
  const offset = first === offsetAt(start + HOUR_MS - 1_000, formatter) ? first : MIXED;
  // Oldest first (Map keeps insertion order): a backfill walks forward through time.
  if (hours.size >= MAX_HOURS_PER_ZONE) hours.delete(hours.keys().next().value as number);
  hours.set(hour, offset);
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function formatTimestamp(ms: number, timeZone: string): string {
  assertFinite(ms);
  if (ms < FAST_FROM_MS || ms >= FAST_UNTIL_MS) return formatTimestampIntl(ms, timeZone);
  let offset = 0;
  if (timeZone !== "UTC") {
    offset = hourOffset(timeZone, Math.floor(ms / HOUR_MS));
    if (Number.isNaN(offset)) return formatTimestampIntl(ms, timeZone);
  }
  const t = new Date(ms + offset);
  const y = t.getUTCFullYear();
  return `${y}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`;
}
