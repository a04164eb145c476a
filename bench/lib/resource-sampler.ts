// Peak memory of this process while something runs, sampled on a timer, plus event-loop delay:
// a timer on the same loop fires late when the loop is blocked, so the delay histogram also says
// whether the measured code starved everything else in the process.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { readFileSync } from "node:fs";

export type MemoryPeaks = {
  baselineRss: number;
  peakRss: number;
  baselineHeap: number;
  peakHeap: number;
  samples: number;
  /** Event-loop delay (ms) while sampling. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};

export function sampleMemory(intervalMs = 50): { stop(): MemoryPeaks } {
  const first = process.memoryUsage();
  let peakRss = first.rss;
  let peakHeap = first.heapUsed;
  let samples = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      loop.disable();
      const last = process.memoryUsage();
      return {
        baselineRss: first.rss,
        peakRss: Math.max(peakRss, last.rss),
        baselineHeap: first.heapUsed,
        peakHeap: Math.max(peakHeap, last.heapUsed),
        samples,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        loopDelayMaxMs: loop.max / 1e6,
      };
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** Cumulative busy and total CPU time of the whole machine (all cores), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Measures how busy the whole machine is from now until the returned function is called (0..1 of all cores). */
export function machineBusy(): () => number {
  const start = machineTicks();
  return () => {
    const end = machineTicks();
    return (end.busy - start.busy) / Math.max(1, end.total - start.total);
  };
}

/**
 * Other jobs on a shared machine skew every number: wait (up to maxWaitMs) until the machine
 * has been mostly idle for a 2 s sample. Returns the last sample, so the report can say so.
 */
export async function waitForQuietMachine(maxWaitMs = 90_000, threshold = 0.25): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const done = machineBusy();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const busy = done();
    if (busy <= threshold || Date.now() > deadline) return busy;
  }
}
