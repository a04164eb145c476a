import { describe, expect, it } from "vitest";
import { formatTimestamp, formatTimestampIntl } from "./timestamp.ts";

// The fast formatter must print exactly what Intl prints, for every zone and instant. Random
// instants cover ordinary times; the instants around each zone's offset changes (found by
// scanning Intl hour by hour) cover DST edges, half-hour and 45-minute zones, a zone with
// half-hour DST shifts off the UTC hour (Lord Howe) and historic local-mean-time offsets.
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Pacific/Chatham",
  "America/Santiago",
  "Africa/Casablanca",
  "Europe/Amsterdam",
  "Pacific/Apia",
];

/** A small seeded PRNG (mulberry32): failures are reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
/** Scan step: no zone changes its offset twice within 6 hours. */
const SCAN_STEP = 6 * HOUR;

function offsetChangesBetween(zone: string, fromMs: number, toMs: number): number[] {
  const wall = (ms: number) => formatTimestampIntl(ms, zone);
  const changes: number[] = [];
  let prev = Date.parse(`${wall(fromMs).replace(" ", "T")}Z`) - fromMs;
  for (let t = fromMs + SCAN_STEP; t < toMs; t += SCAN_STEP) {
    const offset = Date.parse(`${wall(t).replace(" ", "T")}Z`) - t;
    if (offset !== prev) {
      // Narrow to the second of the change.
      let lo = t - SCAN_STEP;
      let hi = t;
      while (hi - lo > 1_000) {
        const mid = lo + Math.floor((hi - lo) / 2_000) * 1_000;
        if (Date.parse(`${wall(mid).replace(" ", "T")}Z`) - mid === prev) lo = mid;
        else hi = mid;
      }
      changes.push(hi);
      prev = offset;
    }
  }
  return changes;
}

describe("formatTimestamp (fast) against Intl", () => {
  it("when instants are random between 1900 and 2100, then every zone prints exactly what Intl prints", () => {
    const next = random(20251125);
    const from = Date.UTC(1900, 0, 1);
    const span = Date.UTC(2100, 0, 1) - from;
    for (const zone of ZONES) {
      for (let i = 0; i < 3_000; i++) {
        const ms = from + Math.floor(next() * span);
        expect(formatTimestamp(ms, zone), `${zone} @ ${ms}`).toBe(formatTimestampIntl(ms, zone));
      }
    }
  });

  it("when instants lie around each offset change of 2022–2026 and a pre-1940 year, then every zone prints exactly what Intl prints", () => {
    const ranges: [number, number][] = [
      [Date.UTC(2022, 0, 1), Date.UTC(2027, 0, 1)],
      [Date.UTC(1937, 0, 1), Date.UTC(1938, 0, 1)],
    ];
    let checked = 0;
    for (const zone of ZONES) {
      for (const [from, to] of ranges) {
        for (const change of offsetChangesBetween(zone, from, to)) {
          for (const delta of [-HOUR, -HOUR + 1, -1_001, -1_000, -999, -1, 0, 1, 999, 1_000, 59_999, HOUR - 1, HOUR, 2 * HOUR]) {
            const ms = change + delta;
            expect(formatTimestamp(ms, zone), `${zone} @ ${new Date(ms).toISOString()}`).toBe(formatTimestampIntl(ms, zone));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });

  it("when an instant is far in the past or future, then it is still Intl's output", () => {
    for (const ms of [Date.UTC(1000, 5, 1), Date.UTC(1582, 9, 10), -1, 0, Date.UTC(9999, 11, 31, 23), 8.64e15]) {
      for (const zone of ["UTC", "Europe/Berlin", "Asia/Kolkata"]) expect(formatTimestamp(ms, zone)).toBe(formatTimestampIntl(ms, zone));
    }
  });
});
