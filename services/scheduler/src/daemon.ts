// Daemon mode (docker-compose / local): an in-process cron instead of the Kubernetes CronJob.
// - At every SCHEDULE_CRON occurrence (SCHEDULE_TIMEZONE): a full sweep, exactly what run-once does.
// - Every minute: an interval sweep over mappings with a custom interval whose slot started since
//   the previous successful tick. With no such mappings this is one indexed, empty query.
import { Cron } from "croner";
import type { Logger, Stoppable } from "@cliq/runtime";
import type { Schedule } from "./domain/slot.ts";
import type { SweepOptions, SweepReport } from "./sweep.ts";

export type DaemonOptions = {
  schedule: Schedule;
  sweep: (opts: SweepOptions) => Promise<SweepReport>;
  logger: Logger;
  runOnStart: boolean;
  /** Interval-tick pattern; every minute by default. */
  tickPattern?: string;
};

export function startDaemon(opts: DaemonOptions): Stoppable {
  const log = opts.logger.child({ component: "daemon" });
  const running = new Set<Promise<unknown>>();
  let lastTick: Date = new Date();

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };

  const fullSweep = async () => {
    try {
      const report = await track(opts.sweep({ mode: "full" }));
      log.info({ report }, "scheduled sweep finished");
    } catch (err) {
      log.error({ err }, "scheduled sweep failed; the next occurrence (or a run-once) repeats it safely");
    }
  };

  const intervalSweep = async () => {
    try {
      const report = await track(opts.sweep({ mode: "interval", since: lastTick }));
      // Advance only after success, so a failed tick's window is covered by the next one.
      lastTick = new Date(report.startedAt);
      if (report.due > 0 || report.failed > 0) log.info({ report }, "interval sweep finished");
    } catch (err) {
      log.error({ err }, "interval sweep failed; the next tick covers its window");
    }
  };

  // protect: a sweep still running when the next occurrence comes is not started twice.
  const full = new Cron(opts.schedule.pattern, { timezone: opts.schedule.timeZone, protect: true }, fullSweep);
  const tick = new Cron(opts.tickPattern ?? "* * * * *", { protect: true }, intervalSweep);
  log.info({ cron: opts.schedule.pattern, timeZone: opts.schedule.timeZone, next: full.nextRun()?.toISOString() ?? null }, "schedule armed");
  if (opts.runOnStart) void fullSweep();

  return {
    async stop() {
      full.stop();
      tick.stop();
      await Promise.allSettled([...running]);
    },
  };
}
