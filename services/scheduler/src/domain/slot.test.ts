import { describe, expect, it } from "vitest";
import { createSchedule, intervalSlot, slotFor } from "./slot.ts";

const at = (iso: string) => new Date(iso);

describe("daily schedule slots", () => {
  const daily = createSchedule("0 2 * * *", "UTC");

  it("when it is after 02:00, then the slot is today's 02:00", () => {
    expect(daily.latestSlot(at("2025-01-06T13:45:00Z")).toISOString()).toBe("2025-01-06T02:00:00.000Z");
  });

  it("when it is exactly 02:00, then the slot is that instant", () => {
    expect(daily.latestSlot(at("2025-01-06T02:00:00.000Z")).toISOString()).toBe("2025-01-06T02:00:00.000Z");
  });

  it("when it is before 02:00, then the slot is yesterday's 02:00", () => {
    expect(daily.latestSlot(at("2025-01-06T01:59:59.999Z")).toISOString()).toBe("2025-01-05T02:00:00.000Z");
  });

  it("when a CronJob starts late in the same day, then it still lands in the same slot", () => {
    expect(daily.latestSlot(at("2025-01-06T02:00:03Z"))).toEqual(daily.latestSlot(at("2025-01-06T02:17:00Z")));
  });

  it("when the schedule has a time zone, then 02:00 is local time, DST included", () => {
    const berlin = createSchedule("0 2 * * *", "Europe/Berlin");
    expect(berlin.latestSlot(at("2025-01-06T12:00:00Z")).toISOString()).toBe("2025-01-06T01:00:00.000Z");
    expect(berlin.latestSlot(at("2025-07-06T12:00:00Z")).toISOString()).toBe("2025-07-06T00:00:00.000Z");
    const kolkata = createSchedule("0 2 * * *", "Asia/Kolkata");
    expect(kolkata.latestSlot(at("2025-01-06T12:00:00Z")).toISOString()).toBe("2025-01-05T20:30:00.000Z");
  });

  it("when a frequent or a rare pattern is used, then the latest occurrence is found", () => {
    expect(createSchedule("*/5 * * * *", "UTC").latestSlot(at("2025-01-06T10:07:30Z")).toISOString()).toBe("2025-01-06T10:05:00.000Z");
    expect(createSchedule("0 3 1 1 *", "UTC").latestSlot(at("2025-06-01T00:00:00Z")).toISOString()).toBe("2025-01-01T03:00:00.000Z");
  });

  it("when the next slot is asked, then it is the following occurrence", () => {
    expect(daily.nextSlot(at("2025-01-06T02:00:00Z"))?.toISOString()).toBe("2025-01-07T02:00:00.000Z");
  });

  it("when the pattern or zone is invalid, then the error names it", () => {
    expect(() => createSchedule("61 * * * *", "UTC")).toThrow(/invalid schedule cron "61 \* \* \* \*"/);
    expect(() => createSchedule("0 2 * * *", "Mars/Base")).toThrow(/invalid schedule time zone "Mars\/Base"/);
  });
});

describe("interval slots", () => {
  it("when a mapping has a 15-minute interval, then the slot is the quarter hour", () => {
    expect(intervalSlot(at("2025-01-06T10:44:59.999Z"), 15).toISOString()).toBe("2025-01-06T10:30:00.000Z");
    expect(intervalSlot(at("2025-01-06T10:45:00.000Z"), 15).toISOString()).toBe("2025-01-06T10:45:00.000Z");
  });

  it("when the interval is a day, then slots are aligned to UTC midnight", () => {
    expect(intervalSlot(at("2025-01-06T23:59:00Z"), 1440).toISOString()).toBe("2025-01-06T00:00:00.000Z");
  });

  it("when the interval is not a positive whole number, then the error says so", () => {
    expect(() => intervalSlot(at("2025-01-06T00:00:00Z"), 0)).toThrow(/invalid sync interval 0/);
  });

  it("when a mapping has no interval, then it takes the default schedule's slot", () => {
    const d = at("2025-01-06T02:00:00Z");
    expect(slotFor({ syncIntervalMinutes: null }, d, at("2025-01-06T10:07:00Z"))).toBe(d);
    expect(slotFor({ syncIntervalMinutes: 60 }, d, at("2025-01-06T10:07:00Z")).toISOString()).toBe("2025-01-06T10:00:00.000Z");
  });
});
