// `YYYY-MM-DD HH:mm:ss` in an IANA zone. Intl (full ICU ships with Node) knows every zone's
// DST rules, so no date library is needed. `hourCycle: "h23"` matters: with `hour12: false`
// some ICU versions print midnight as "24".

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

export function formatTimestamp(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new RangeError(`invalid message time ${String(ms)}: expected epoch milliseconds`);
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const year = (parts.year ?? "").padStart(4, "0");
  return `${year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
