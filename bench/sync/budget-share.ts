// Part (a) of the sync benchmark: the share of a scaled-down Zoho budget (15 message requests per
// 3 s) that 1, 2 and 4 worker replicas use while every replica has more work than the budget
// allows, and the throttles the simulator answered (target ≥ 95 %, zero throttles).
import { setTimeout as sleep } from "node:timers/promises";
import { generateOrg } from "@cliq/zoho-simulator";
import { startHarness } from "../../services/sync-worker/src/testing/harness.ts";
import { progress } from "../lib/report.ts";
import { withWorkers } from "../lib/workers.ts";

const BUDGET = { perWindow: 15, windowMs: 3_000 };
const WARM_UP_MS = 3_000;
const MEASURE_MS = 18_000;

/** One row: [measure, result, target]. */
export async function budgetShare(replicas: number): Promise<string[]> {
  progress(`(a) budget share with ${replicas} replica(s): ${(WARM_UP_MS + MEASURE_MS) / 1_000} s`);
  const data = generateOrg({ seed: 21, channels: 8, messagesPerChannel: 3_000, spacingMs: 2_000 });
  data.channels = data.channels.filter((c) => c.chat_id !== null);
  const h = await startHarness({ data, limits: { perMinute: { messages: BUDGET.perWindow }, windowMs: BUDGET.windowMs, lockMs: 10_000 } });
  try {
    const env = { ZOHO_MESSAGES_PER_MINUTE: String(BUDGET.perWindow), ZOHO_RATE_WINDOW_MS: String(BUDGET.windowMs), WORKER_CONCURRENCY: "2" };
    return await withWorkers(h, replicas, env, async () => {
      for (const ch of h.sim.channels()) await h.requestSync((await h.createMapping(ch, { syncFrom: new Date(Date.UTC(2025, 0, 5)) })).mappingId);
      await sleep(WARM_UP_MS); // every replica busy
      const before = h.sim.counters();
      await sleep(MEASURE_MS);
      const after = h.sim.counters();
      const requests = after.requests.messages - before.requests.messages;
      const allowed = (BUDGET.perWindow * MEASURE_MS) / BUDGET.windowMs;
      const throttles = after.throttles.messages - before.throttles.messages;
      return [`(a) budget share, ${replicas} replica${replicas > 1 ? "s" : ""}`, `${((100 * requests) / allowed).toFixed(1)} % (${requests}/${allowed} requests), ${throttles} throttles`, "≥ 95 %, 0 throttles"];
    });
  } finally {
    await h.stop();
  }
}
