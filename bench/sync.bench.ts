// Sync engine benchmark (not a test): `npx tsx bench/sync.bench.ts [part …]`, parts in the order
// given (default all): a, requests, walltime, memory, sweep. The product's limit is Zoho's budget
// of 15 message requests per minute for the whole organisation, so what is measured is requests
// and time at that budget (time-scaled), not CPU:
// (a)        share of a scaled budget used by 1, 2 and 4 worker replicas, throttles (sync/budget-share.ts);
// requests   (1) Zoho requests per backlog for 27 backlogs vs ideal, physical and best (sync/request-counts.ts);
// walltime   (2) a 3,000-message backfill through a worker process at 15 requests / 6 s (sync/wall-time.ts);
// memory     (4) worker peak RSS through 25k/50k/100k backfills, deployed heap caps (sync/worker-memory.ts);
// sweep      (3) the daily sweep of 10,000 mapped channels through the real services (sync/daily-sweep.ts).
// Progress goes to stderr, the markdown report to stdout.
import { markdownTable, preamble, print } from "./lib/report.ts";
import { WORKER_NODE_OPTIONS } from "./lib/workers.ts";
import { budgetShare } from "./sync/budget-share.ts";
import { dailySweep } from "./sync/daily-sweep.ts";
import { requestCounts } from "./sync/request-counts.ts";
import { wallTime } from "./sync/wall-time.ts";
import { backfillMemory } from "./sync/worker-memory.ts";

const PARTS = ["a", "requests", "walltime", "memory", "sweep"] as const;
type Part = (typeof PARTS)[number];
const asked = process.argv.slice(2);
const unknown = asked.filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length > 0) {
  process.stderr.write(`unknown part(s) ${unknown.join(", ")}; parts: ${PARTS.join(", ")}\n`);
  process.exit(64);
}
const parts = (asked.length === 0 ? [...PARTS] : asked) as Part[];

const summary: string[][] = [];
const sections: string[] = [];

for (const part of parts) {
  if (part === "a") for (const n of [1, 2, 4]) summary.push(await budgetShare(n));
  if (part === "requests") {
    const r = await requestCounts();
    summary.push(r.summary);
    sections.push("### (1) Zoho message requests per backlog", "", r.details, "");
  }
  if (part === "walltime") {
    const r = await wallTime();
    summary.push(r.summary);
    sections.push("### (2) 3,000-message backfill at 15 requests / 6 s (Zoho's budget, time-scaled 10×), one worker process", "", r.details, "");
  }
  if (part === "memory") {
    const runs = [];
    for (const n of [25_000, 50_000, 100_000]) runs.push(await backfillMemory(n));
    summary.push([`(4) worker peak RSS during a backfill (NODE_OPTIONS="${WORKER_NODE_OPTIONS}", limit lifted)`, runs.map((r) => `${r.count / 1_000}k: **${r.peakMb.toFixed(0)} MB**`).join(", "), "≤ 200 MB, flat"]);
    const loose = await backfillMemory(100_000, null);
    summary.push(["(4′) same, 100k, V8's default heap settings", `${loose.peakMb.toFixed(0)} MB`, "(context)"]);
    const context = [...runs.map((r) => ({ r, label: `${r.count / 1_000}k` })), { r: loose, label: "100k default heap" }];
    summary.push(["(4″) those backfills: peak RSS before the job was requested (start-up alone), requests, wall time", context.map(({ r, label }) => `${label}: ${r.readyPeakMb.toFixed(0)} MB, ${r.requests} requests, ${r.wallS.toFixed(0)} s`).join("; "), "(context)"]);
  }
  if (part === "sweep") summary.push(...(await dailySweep()));
}

print(preamble("Sync engine", `npx tsx bench/sync.bench.ts${asked.length === 0 ? "" : ` ${asked.join(" ")}`}`));
print(markdownTable(["measure", "result", "target"], summary));
print("");
if (sections.length > 0) print(sections.join("\n"));
process.exit(0);
