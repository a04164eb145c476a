// Part (1) of the sync benchmark: Zoho message requests per backlog, read by the engine as it
// ships (engine-run.ts) from the simulator over HTTP (its own window rule, hidden entries on),
// against the ideal, the physical minimum and the best any totime-only reader can do (bounds.ts).
// Every page is checked against the entries the simulator holds, and every run against the
// messages it had to deliver (each exactly once).
import { channelFor, generateOrg, startSimulator, type Simulator } from "@cliq/zoho-simulator";
import { markdownTable, progress } from "../lib/report.ts";
import { bestReader, Coverage, coverNeeded, isNew, oneRepeatBound, PAGE, windowOf, type Stop } from "./bounds.ts";
import { CASES } from "./cases.ts";
import { entriesOf, HOUR, type Entry } from "./chats.ts";
import { benchZohoClient, MappingReader, WORKER_CAP } from "./engine-run.ts";

type Measured = { n: number; e: number; endProbe: boolean; requests: number; best: number; reread: number; tieEdges: number; caughtUp: boolean };

const fmt = (n: number) => n.toLocaleString("en-US");
const ideal = (n: number) => Math.ceil(n / PAGE);

/** One run of the reader, every page checked against `entries`; what it cost and what it had to cost. */
async function measure(sim: Simulator, reader: MappingReader, chatId: string): Promise<Measured> {
  const entries = entriesOf({ messages: sim.messages(chatId), hidden: sim.hiddenEntries(chatId) });
  const stop = reader.stop();
  const cov = new Coverage(entries);
  const r = await reader.run((q, page) => {
    const w = windowOf(entries, q.toTime, q.limit);
    const want = entries.slice(w.start, w.end).filter((x) => !x.hidden).map((x) => x.id).sort().join();
    if (page.map((m) => m.id).sort().join() !== want) throw new Error(`${chatId}: the page for totime ${q.toTime} is not the simulator's window of the bench's entries (did the window rule change?)`);
    cov.add(w);
  });
  checkDelivered(chatId, entries, stop, r.delivered, r.caughtUp);
  const { e, endProbe } = coverNeeded(entries, stop, !r.caughtUp, new Set(r.delivered));
  return { n: r.delivered.length, e, endProbe, requests: r.requests, best: bestReader(entries, stop, WORKER_CAP), reread: cov.reread, tieEdges: cov.tieEdges, caughtUp: r.caughtUp };
}

function checkDelivered(chatId: string, entries: readonly Entry[], stop: Stop, delivered: readonly string[], caughtUp: boolean): void {
  const expected = new Set(entries.filter((x) => !x.hidden && isNew(x, stop)).map((x) => x.id));
  const got = new Set(delivered);
  const problem =
    got.size !== delivered.length ? `${delivered.length - got.size} messages delivered twice`
    : [...got].some((id) => !expected.has(id)) ? "a message delivered that was not new"
    : caughtUp && got.size !== expected.size ? `${expected.size - got.size} new messages not delivered`
    : !caughtUp && got.size < WORKER_CAP ? `a capped run delivered only ${got.size}`
    : null;
  if (problem !== null) throw new Error(`${chatId}: ${problem}`);
}

function row(label: string, m: Measured): string[] {
  const phys = Math.ceil(m.e / PAGE) + (m.endProbe ? 1 : 0);
  return [
    label,
    fmt(m.n),
    fmt(m.e),
    `**${m.requests}**`,
    String(ideal(m.n)),
    m.endProbe ? `${phys} (${phys - 1} + 1 end)` : String(phys),
    String(m.best),
    `${m.reread} / ${m.tieEdges}`,
    m.requests <= ideal(m.n) + 1 ? "yes" : `no (+${m.requests - ideal(m.n)})`,
    m.best <= ideal(m.n) + 1 ? "yes" : "no",
    m.requests === m.best ? "=" : `${m.requests - m.best > 0 ? "+" : ""}${m.requests - m.best}`,
  ];
}

const HEADER = ["backlog", "N new", "E entries", "requests", "ideal ⌈N/100⌉", "physical ⌈E/100⌉ (+1 end)", "best totime-only", "entries re-read / pages with a tie at the edge", "≤ ideal + 1", "best ≤ ideal + 1", "vs best"];

export async function requestCounts(): Promise<{ summary: string[]; details: string }> {
  const end = Date.now() - HOUR;
  const sim = await startSimulator({ data: generateOrg({ seed: 1, channels: 0 }), limits: { perMinute: { messages: 1_000_000_000 } } });
  const zoho = benchZohoClient();
  const rows: string[][] = [];
  const context: string[][] = [];
  const all: Measured[] = [];
  try {
    for (const [i, c] of CASES.entries()) {
      progress(`(1) case ${i + 1}/${CASES.length}: ${c.family}, ${c.variant}`);
      const b = c.build(end);
      const chatId = `CT_bench_${i + 1}`;
      sim.addChat(channelFor(chatId, `bench-${i + 1}`), b.history);
      const reader = new MappingReader(sim, zoho, chatId, b.syncFrom);
      if (b.added !== undefined) {
        while (!(await reader.run()).caughtUp);
        sim.addMessages(chatId, b.added.messages);
        sim.addHiddenEntries(chatId, b.added.hidden);
      }
      const stop = reader.stop();
      const m = await measure(sim, reader, chatId);
      all.push(m);
      rows.push(row(`${i + 1}. ${c.family} — ${c.variant}`, m));
      if (m.caughtUp) continue;
      // The capped case's whole backfill, continuation by continuation (context, not one of the 27).
      let requests = m.requests;
      let n = m.n;
      for (;;) {
        const r = await reader.run();
        requests += r.requests;
        n += r.delivered.length;
        if (r.caughtUp) break;
      }
      const entries = entriesOf({ messages: sim.messages(chatId), hidden: sim.hiddenEntries(chatId) });
      const cover = coverNeeded(entries, stop, false, new Set());
      context.push(row(`${c.family.replace(/ \(first run.*\)$|, first run.*$/, "")} — whole backfill, run after run`, { n, e: cover.e, endProbe: cover.endProbe, requests, best: bestReader(entries, stop, null), reread: 0, tieEdges: 0, caughtUp: true }).map((x, k) => (k === 7 ? "–" : x)));
    }
  } finally {
    await zoho.close();
    await sim.close();
  }
  const total = (f: (m: Measured) => number) => all.reduce((a, m) => a + f(m), 0);
  const sum = (f: (m: Measured) => number) => fmt(total(f));
  rows.push([
    `**all ${all.length} cases**`,
    sum((m) => m.n),
    sum((m) => m.e),
    `**${sum((m) => m.requests)}**`,
    sum((m) => ideal(m.n)),
    sum((m) => Math.ceil(m.e / PAGE) + (m.endProbe ? 1 : 0)),
    sum((m) => m.best),
    sum((m) => m.reread),
    `${all.filter((m) => m.requests <= ideal(m.n) + 1).length} of ${all.length}`,
    `${all.filter((m) => m.best <= ideal(m.n) + 1).length} of ${all.length}`,
    `${all.filter((m) => m.requests === m.best).length} of ${all.length} equal`,
  ]);
  const [req, idl, best] = [total((m) => m.requests), total((m) => ideal(m.n)), total((m) => m.best)];
  const meets = all.filter((m) => m.requests <= ideal(m.n) + 1).length;
  const summary = [
    `(1) Zoho message requests, ${all.length} backlogs (hidden entries on, ties across page edges), engine as shipped vs the simulator over HTTP`,
    `**${fmt(req)}** vs ideal ${fmt(idl)} (+${((100 * (req - idl)) / idl).toFixed(1)} %); ≤ ideal + 1 in **${meets} of ${all.length}**; best possible totime-only reader ${fmt(best)}: engine = best in ${all.filter((m) => m.requests === m.best).length} of ${all.length}; ≤ ideal + 1 achievable at all in ${all.filter((m) => m.best <= ideal(m.n) + 1).length} of ${all.length}`,
    "≤ ideal + 1 per run, every case",
  ];
  const details = [markdownTable(HEADER, rows), "", "Context (not among the cases): the capped backlogs read to the end, run after run.", "", markdownTable(HEADER, context), "", floorTable()].join("\n");
  return { summary, details };
}

/** Why ≤ ideal + 1 cannot hold: the floor when each page after the first repeats just one entry. */
function floorTable(): string {
  const rows = [400, 2_000, 3_000, 5_000, 10_000].map((n) => {
    const floor = oneRepeatBound(n, true);
    return [`first backfill of ${fmt(n)} to the start of history`, String(ideal(n) + 1), `1 + ⌈${fmt(n - PAGE)}/99⌉ + 1 = ${floor}`, floor <= ideal(n) + 1 ? "yes" : "no"];
  });
  for (const n of [99, 100, 250, 1_500]) {
    const floor = oneRepeatBound(n + 2, false);
    rows.push([`${fmt(n)} new on a cursor (E ≥ N + 2: the cursor message and one older)`, String(ideal(n) + 1), `${floor}`, floor <= ideal(n) + 1 ? "yes" : "no"]);
  }
  const hidden = Math.ceil(1_500 / 0.94) + 2;
  const floor = oneRepeatBound(hidden, false);
  rows.push([`1,500 new on a cursor with 6 % hidden entries (E ≈ ${fmt(hidden)})`, String(ideal(1_500) + 1), String(floor), floor <= ideal(1_500) + 1 ? "yes" : "no"]);
  return markdownTable(["backlog (no hidden entries unless said)", "ideal + 1", "fewest requests possible (one entry repeated per page)", "≤ ideal + 1 possible"], rows);
}
