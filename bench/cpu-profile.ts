// Where a process's CPU went, by library: reads a V8 .cpuprofile (from `--cpu-prof`, e.g. the
// worker profiles `BENCH_WORKER_CPU_PROF=DIR npx tsx bench/sync.bench.ts b` writes) and prints a
// markdown table. Each sample is charged to the innermost frame that belongs to a package (an npm
// dependency, or one of this repo's packages/services); GC and idle are their own rows.
//
//   npx tsx bench/cpu-profile.ts FILE.cpuprofile [FROM_S TO_S]
//
// FROM_S/TO_S limit the table to a slice of the profile (seconds from its start), e.g. the warm
// runs after start-up. `BENCH_PROFILE_TIMELINE=1` prints busy ms per second first, to find them.
import { readFileSync } from "node:fs";
import { markdownTable } from "./lib/report.ts";

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, fromArg, toArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write("usage: npx tsx bench/cpu-profile.ts FILE.cpuprofile [FROM_S TO_S]\n");
  process.exit(64);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const from = fromArg === undefined ? 0 : Number(fromArg);
const to = toArg === undefined ? Number.POSITIVE_INFINITY : Number(toArg);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** The package a frame belongs to, or null for Node internals and anonymous frames. */
function packageOf(url: string): string | null {
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dep) return dep[1] as string;
  const own = /\/(packages|services)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (own) return own[1] === "packages" ? `@cliq/${own[2]}` : `${own[2]}/${own[3] ?? ""}`;
  if (url.startsWith("wasm://")) return "(wasm)";
  return null;
}

const perCategory = new Map<string, number>();
const timeline = new Map<number, number>();
let busyUs = 0;
let t = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  const node = byId.get(id) as Node;
  const fn = node.callFrame.functionName;
  if (fn === "(idle)") return;
  timeline.set(Math.floor(t / 1e6), (timeline.get(Math.floor(t / 1e6)) ?? 0) + dt);
  if (t / 1e6 < from || t / 1e6 > to) return;
  let category: string | null = fn === "(garbage collector)" ? "(garbage collector)" : null;
  for (let cur: number | undefined = id; category === null && cur !== undefined; cur = parent.get(cur)) category = packageOf((byId.get(cur) as Node).callFrame.url);
  category ??= "(node internals)";
  perCategory.set(category, (perCategory.get(category) ?? 0) + dt);
  busyUs += dt;
});

if (process.env.BENCH_PROFILE_TIMELINE === "1") {
  process.stdout.write(markdownTable(["second", "busy ms"], [...timeline].sort((a, b) => a[0] - b[0]).map(([s, us]) => [String(s), (us / 1_000).toFixed(0)])) + "\n\n");
}
const rows = [...perCategory]
  .sort((a, b) => b[1] - a[1])
  .filter(([, us]) => us / busyUs >= 0.005)
  .map(([name, us]) => [name, (us / 1_000).toFixed(0), `${((100 * us) / busyUs).toFixed(1)} %`]);
process.stdout.write(`Rerun: \`npx tsx bench/cpu-profile.ts ${process.argv.slice(2).join(" ")}\`; busy ${(busyUs / 1_000).toFixed(0)} ms in the slice\n\n`);
process.stdout.write(markdownTable(["charged to", "ms", "share"], rows) + "\n");
