// Part (2) of the sync benchmark: how long a 3,000-message first backfill takes through a real
// worker process at Zoho's message budget, time-scaled 10× (15 requests per 6 s instead of per
// 60 s: ZOHO_MESSAGES_PER_MINUTE=15, ZOHO_RATE_WINDOW_MS=6000 for the worker, the simulator
// enforcing the same), against the physical minimum: ideal requests × 0.4 s (one request per
// 6 s / 15 when every page brings 100 new messages).
import { bottleneckSettings, DEFAULT_SPACING_MARGIN } from "@cliq/zoho-limiter";
import { channelFor, generateOrg, withChat, type GeneratedOrg } from "@cliq/zoho-simulator";
import { startHarness } from "../../services/sync-worker/src/testing/harness.ts";
import { deliveryReport } from "../../services/sync-worker/src/testing/delivery-check.ts";
import { markdownTable, progress } from "../lib/report.ts";
import { withWorkers } from "../lib/workers.ts";
import { bestReader, PAGE } from "./bounds.ts";
import { chat, entriesOf, forceNewestEdgeTie, HOUR } from "./chats.ts";

const MESSAGES = 3_000;
const RUNS = 3;
const BUDGET = { perWindow: 15, windowMs: 6_000 };
const SLOT_S = BUDGET.windowMs / BUDGET.perWindow / 1_000;
/** The shared limiter's spacing between requests (window / budget plus its default 3 % margin). */
const SPACING_S = bottleneckSettings(BUDGET, DEFAULT_SPACING_MARGIN).minTime / 1_000;

export async function wallTime(): Promise<{ summary: string[]; details: string }> {
  const end = Date.now() - HOUR;
  let org: GeneratedOrg = generateOrg({ seed: 1, channels: 0 });
  const chats = Array.from({ length: RUNS }, (_, k) => forceNewestEdgeTie(chat({ seed: 31 + k, count: MESSAGES, endTime: end })));
  chats.forEach((c, k) => (org = withChat(org, channelFor(`CT_wall_${k + 1}`, `wall-${k + 1}`), c)));
  const h = await startHarness({ data: org, limits: { perMinute: { messages: BUDGET.perWindow }, windowMs: BUDGET.windowMs } });
  const rows: string[][] = [];
  const ratios: number[] = [];
  try {
    const env = { ZOHO_MESSAGES_PER_MINUTE: String(BUDGET.perWindow), ZOHO_RATE_WINDOW_MS: String(BUDGET.windowMs), WORKER_CONCURRENCY: "1" };
    await withWorkers(h, 1, env, async () => {
      for (const [k, c] of chats.entries()) {
        const ch = h.sim.channels().find((x) => x.chat_id === `CT_wall_${k + 1}`);
        if (ch === undefined) throw new Error(`channel CT_wall_${k + 1} missing`);
        const { mappingId, roomId } = await h.createMapping(ch, { syncFrom: new Date(0) });
        const before = h.sim.counters();
        progress(`(2) run ${k + 1}/${RUNS}: ${MESSAGES} messages at ${BUDGET.perWindow} requests / ${BUDGET.windowMs / 1_000} s`);
        const started = performance.now();
        const job = await h.requestSync(mappingId);
        const ended = await h.waitForEnd(job, 300_000);
        const wallS = (performance.now() - started) / 1_000;
        if (ended.name !== "syncCompleted") throw new Error(`run ${k + 1} ended with ${ended.name}: ${JSON.stringify(ended.envelope.data)}`);
        const after = h.sim.counters();
        const report = deliveryReport(h.sink, h.sim, roomId, ch.chat_id as string);
        const problems = [report.missing, report.duplicated, report.unexpected, report.badLines, report.interleaved].reduce((a, l) => a + l.length, 0);
        if (problems > 0) throw new Error(`run ${k + 1}: the sink does not hold every message exactly once: ${JSON.stringify(report).slice(0, 400)}`);
        const requests = after.requests.messages - before.requests.messages;
        const ideal = Math.ceil(MESSAGES / PAGE);
        const best = bestReader(entriesOf(c), { time: 0, ids: new Set() }, null);
        ratios.push(wallS / (ideal * SLOT_S));
        rows.push([
          `run ${k + 1}`,
          `${requests} (ideal ${ideal}, best totime-only ${best})`,
          `${wallS.toFixed(2)} s`,
          `**${(wallS / (ideal * SLOT_S)).toFixed(3)}**`,
          (wallS / (requests * SLOT_S)).toFixed(3),
          `${((requests - 1) * SPACING_S).toFixed(2)} s (+${(wallS - (requests - 1) * SPACING_S).toFixed(2)} s)`,
          (best / ideal).toFixed(3),
          String(after.throttles.messages - before.throttles.messages),
        ]);
      }
    });
  } finally {
    await h.stop();
  }
  const summary = [
    `(2) ${MESSAGES.toLocaleString("en-US")}-message first backfill, one worker process, 15 requests / 6 s: wall time ÷ (ideal requests × ${SLOT_S} s), ${RUNS} runs`,
    ratios.map((r) => `**${r.toFixed(2)}**`).join(" / ") + " (details below)",
    "≤ 1.05",
  ];
  const details = markdownTable(
    ["run", "Zoho message requests", "wall time (request → sync.completed)", `÷ physical minimum (ideal × ${SLOT_S} s)`, `÷ (actual requests × ${SLOT_S} s): pacing`, `limiter floor (requests − 1) × ${SPACING_S * 1_000} ms (+ the rest of the job)`, "best totime-only ÷ ideal (floor of the first ratio)", "throttles"],
    rows,
  );
  return { summary, details };
}
