// What the sink holds for one room, checked against the simulator's ground truth (the messages
// it can serve), independently of the worker's own code: every message exactly once, each
// document's lines one header per message with that message's UTC time and ascending, and no
// two documents whose time ranges interleave.
import type { IngestSink } from "@cliq/ingest-sink";
import type { Simulator } from "@cliq/zoho-simulator";

export type DeliveryReport = { missing: string[]; duplicated: string[]; unexpected: string[]; badLines: string[]; interleaved: string[]; documents: number };

const HEADER = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\] /;
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

export function deliveryReport(sink: IngestSink, sim: Simulator, roomId: string, chatId: string): DeliveryReport {
  const truth = new Map(sim.messages(chatId).map((m) => [m.id.replace(/%20| /g, "_"), Number(m.time)]));
  const docs = sink.records().filter((r) => r.body.room_id === roomId).map((r) => r.body);
  const seen = new Set<string>();
  const r: DeliveryReport = { missing: [], duplicated: [], unexpected: [], badLines: [], interleaved: [], documents: docs.length };
  for (const d of docs) {
    const ids = d.message_ids ?? [];
    for (const id of ids) {
      if (seen.has(id)) r.duplicated.push(id);
      seen.add(id);
      if (!truth.has(id)) r.unexpected.push(id);
    }
    const headers = d.transcript.split("\n").map((l) => HEADER.exec(l)?.[1]).filter((x): x is string => x !== undefined);
    const want = ids.map((id) => utc(truth.get(id) ?? Number.NaN));
    if (headers.length !== ids.length || headers.some((h, i) => h !== want[i]) || [...want].sort().join() !== want.join()) {
      r.badLines.push(`document ${ids[0] ?? "?"}…: ${headers.length} header lines for ${ids.length} messages`);
    }
  }
  for (const id of truth.keys()) if (!seen.has(id)) r.missing.push(id);
  const ranges = docs.map((d) => [Date.parse(d.first_message_time), Date.parse(d.last_message_time)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < ranges.length; i++) {
    const [prev, cur] = [ranges[i - 1] as readonly [number, number], ranges[i] as readonly [number, number]];
    if (cur[0] < prev[1]) r.interleaved.push(`${new Date(prev[0]).toISOString()}–${new Date(prev[1]).toISOString()} overlaps ${new Date(cur[0]).toISOString()}–${new Date(cur[1]).toISOString()}`);
  }
  return r;
}

/** The report with every list cut to its first few entries, for a readable assertion. */
export function summarise(r: DeliveryReport): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? { count: v.length, first: v.slice(0, 3) } : v]));
}

export const CLEAN = { missing: { count: 0, first: [] }, duplicated: { count: 0, first: [] }, unexpected: { count: 0, first: [] }, badLines: { count: 0, first: [] }, interleaved: { count: 0, first: [] } };
