import { describe, expect, it } from "vitest";
import { assertTimeZone, formatTimestamp } from "./timestamp.ts";

const utc = (iso: string) => Date.parse(iso);

describe("formatTimestamp", () => {
  it("when the zone is UTC, then the time is written YYYY-MM-DD HH:mm:ss with zero padding", () => {
    expect(formatTimestamp(utc("2025-01-06T08:05:09.000Z"), "UTC")).toBe("2025-01-06 08:05:09");
  });

  it("when the time has milliseconds, then they are dropped, never rounded up to the next second", () => {
    expect(formatTimestamp(utc("1999-12-31T23:59:59.999Z"), "UTC")).toBe("1999-12-31 23:59:59");
  });

  it("when the time is midnight, then the hour is 00, not 24", () => {
    expect(formatTimestamp(utc("2025-03-01T00:00:00Z"), "UTC")).toBe("2025-03-01 00:00:00");
    expect(formatTimestamp(utc("2025-02-28T23:00:00Z"), "Europe/Berlin")).toBe("2025-03-01 00:00:00");
  });

  it("when the zone is Europe/Berlin, then winter is UTC+1 and summer UTC+2", () => {
    expect(formatTimestamp(utc("2024-01-15T12:00:00Z"), "Europe/Berlin")).toBe("2024-01-15 13:00:00");
    expect(formatTimestamp(utc("2024-07-15T12:00:00Z"), "Europe/Berlin")).toBe("2024-07-15 14:00:00");
  });

  it("when Berlin springs forward, then local time jumps from 01:59:59 to 03:00:00", () => {
    expect(formatTimestamp(utc("2024-03-31T00:59:59Z"), "Europe/Berlin")).toBe("2024-03-31 01:59:59");
    expect(formatTimestamp(utc("2024-03-31T01:00:00Z"), "Europe/Berlin")).toBe("2024-03-31 03:00:00");
  });

  it("when Berlin falls back, then the hour 02:xx occurs twice, one UTC hour apart", () => {
    expect(formatTimestamp(utc("2024-10-27T00:59:59Z"), "Europe/Berlin")).toBe("2024-10-27 02:59:59");
    expect(formatTimestamp(utc("2024-10-27T01:00:00Z"), "Europe/Berlin")).toBe("2024-10-27 02:00:00");
    expect(formatTimestamp(utc("2024-10-27T00:30:00Z"), "Europe/Berlin")).toBe("2024-10-27 02:30:00");
    expect(formatTimestamp(utc("2024-10-27T01:30:00Z"), "Europe/Berlin")).toBe("2024-10-27 02:30:00");
  });

  it("when the zone is Asia/Kolkata, then the half-hour offset can move the date", () => {
    expect(formatTimestamp(utc("2024-01-01T18:29:59Z"), "Asia/Kolkata")).toBe("2024-01-01 23:59:59");
    expect(formatTimestamp(utc("2024-01-01T18:30:00Z"), "Asia/Kolkata")).toBe("2024-01-02 00:00:00");
    // Kolkata has no DST: the same offset in July
    expect(formatTimestamp(utc("2024-07-01T18:30:00Z"), "Asia/Kolkata")).toBe("2024-07-02 00:00:00");
  });

  it("when the zone is west of UTC, then the date can fall on the previous day", () => {
    expect(formatTimestamp(utc("2024-03-10T06:59:59Z"), "America/New_York")).toBe("2024-03-10 01:59:59");
    expect(formatTimestamp(utc("2024-03-10T07:00:00Z"), "America/New_York")).toBe("2024-03-10 03:00:00");
  });

  it("when the zone name is not an IANA zone, then the error names it", () => {
    expect(() => formatTimestamp(0, "Mars/Olympus_Mons")).toThrow(/invalid time zone "Mars\/Olympus_Mons"/);
    expect(() => assertTimeZone("")).toThrow(/invalid time zone ""/);
    expect(() => assertTimeZone("Europe/Berlin")).not.toThrow();
  });

  it("when the time is not a finite number, then the error says so", () => {
    expect(() => formatTimestamp(Number.NaN, "UTC")).toThrow(/invalid message time NaN/);
  });

  it("when the same zone is used again, then the result is the same (cached formatter)", () => {
    const t = utc("2024-10-27T01:30:00Z");
    expect(formatTimestamp(t, "Europe/Berlin")).toBe(formatTimestamp(t, "Europe/Berlin"));
  });
});
