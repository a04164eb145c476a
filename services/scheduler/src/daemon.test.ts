import { describe, expect, it } from "vitest";
import { createLogger } from "@cliq/runtime";
import { startDaemon } from "./daemon.ts";
import { createSchedule } from "./domain/slot.ts";
import type { SweepOptions, SweepReport } from "./sweep.ts";

const logger = createLogger({ service: "scheduler-test", level: "silent" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(startedAt: Date, mode: "full" | "interval"): SweepReport {
  return { slot: startedAt.toISOString(), mode, startedAt: startedAt.toISOString(), scanned: 0, due: 0, requested: 0, failed: 0, skipped: { paused: 0, needsAdmin: 0, unchanged: 0 }, plannerUsed: false, durationMs: 0 };
}

describe("daemon", () => {
  it("when started with run-on-start, then a full sweep runs at once, and interval ticks pass the previous tick as `since`", async () => {
    const calls: Array<SweepOptions & { at: Date; failed?: true }> = [];
    let failNext = false;
    const startedAt = new Date();
    const daemon = startDaemon({
      // A yearly default schedule, so only run-on-start triggers a full sweep during the test.
      schedule: createSchedule("0 0 1 1 *", "UTC"),
      logger,
      runOnStart: true,
      tickPattern: "* * * * * *",
      sweep: async (opts) => {
        const at = new Date();
        if (opts.mode === "interval" && failNext) {
          failNext = false;
          calls.push({ ...opts, at, failed: true });
          throw new Error("database down");
        }
        calls.push({ ...opts, at });
        return report(at, opts.mode ?? "full");
      },
    });
    try {
      await sleep(50);
      // A per-second tick may already have fired if start landed just before a second boundary,
      // so assert only that the full sweep came first and came once.
      expect(calls[0]).toEqual({ mode: "full", at: expect.any(Date) });
      expect(calls.filter((c) => c.mode === "full")).toHaveLength(1);
      await sleep(1_100);
      failNext = true;
      await sleep(2_100);
    } finally {
      await daemon.stop();
    }
    const ticks = calls.filter((c) => c.mode === "interval");
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]!.since!.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 5);
    expect(ticks[0]!.since!.getTime()).toBeLessThan(ticks[0]!.at.getTime());
    // Each tick's window starts where the last successful tick's sweep started; a failed tick
    // does not move it, so the next tick covers the failed one's window too.
    const failed = ticks.findIndex((t) => t.failed);
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(ticks.length - 1);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]!.since).toEqual(ticks[i - 1]!.failed ? ticks[i - 1]!.since : ticks[i - 1]!.at);
    }
  });

  it("when stopped during a sweep, then stop waits for the sweep to finish", async () => {
    let finished = false;
    const daemon = startDaemon({
      schedule: createSchedule("0 0 1 1 *", "UTC"),
      logger,
      runOnStart: true,
      sweep: async (opts) => {
        await sleep(200);
        finished = true;
        return report(new Date(), opts.mode ?? "full");
      },
    });
    await sleep(20);
    await daemon.stop();
    expect(finished).toBe(true);
  });
});
