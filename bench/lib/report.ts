// What every benchmark prints: the machine it ran on, the command to rerun it, and markdown tables
// that can be pasted into bench/RESULTS.md as they are. Written to stdout directly (not console.log,
// which the lint config reserves for errors).
import os from "node:os";

const STARTED_LOAD = os.loadavg()[0] ?? 0;

export type Machine = { cpus: number; cpuModel: string; memoryGiB: number; node: string; os: string };

export function machine(): Machine {
  return {
    // availableParallelism honours CPU affinity, like `nproc`.
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The heading block: date, machine and rerun command. */
export function preamble(title: string, rerun: string): string {
  const m = machine();
  return [
    `## ${title}`,
    "",
    `Run ${new Date().toISOString()} · rerun: \`${rerun}\``,
    "",
    // The load average says whether something else was running on the machine at the time.
    markdownTable(["nproc", "memory", "node", "cpu", "os", "load avg (1 min) at start"], [[String(m.cpus), `${m.memoryGiB} GiB`, m.node, m.cpuModel, m.os, STARTED_LOAD.toFixed(2)]]),
    "",
  ].join("\n");
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Progress lines go to stderr so stdout stays a clean markdown report. */
export function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

export const fmtMs = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
export const fmtMb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}
