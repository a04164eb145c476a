// Part (3) of the sync benchmark: the daily sweep of 10,000 mapped channels, 10 % of them with new
// messages, through the real services: the scheduler's run-once (its own main.ts: sweep with the
// planner on), channel-mapping (its own main.ts) answering the planner's channel list from the
// simulator, and two sync-worker processes syncing what was requested. Every mapping starts synced
// up to its channel's newest message (mapping row and cursor row, as a finished sync leaves them).
// Budgets are Zoho's, time-scaled 20× (per 3 s instead of per minute) for every service and the
// simulator alike: 15 message requests, 30 channel-list requests.
import { randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { EventData } from "@cliq/contracts";
import { NATS_URL, REDIS_URL } from "@cliq/testkit";
import type { SimMessage } from "@cliq/zoho-simulator";
import { startHarness, type Harness } from "../../services/sync-worker/src/testing/harness.ts";
import { sweepOrg } from "../lib/bench-org.ts";
import { insertSyncedMappings } from "../lib/bulk-mappings.ts";
import { freePort, runToEnd, startService } from "../lib/child-service.ts";
import { progress } from "../lib/report.ts";
import { withWorkers } from "../lib/workers.ts";

/** `BENCH_SWEEP_CHANNELS` shrinks the organisation for a quick check (the targets are for 10,000). */
const CHANNELS = Number(process.env.BENCH_SWEEP_CHANNELS ?? 10_000);
const WITH_NEWS_EVERY = 10;
const WINDOW_MS = 3_000;
const SCALE = 60_000 / WINDOW_MS;
const BUDGET_ENV = { ZOHO_MESSAGES_PER_MINUTE: "15", ZOHO_CHANNELS_PER_MINUTE: "30", ZOHO_CHANNEL_PER_MINUTE: "30", ZOHO_RATE_WINDOW_MS: String(WINDOW_MS) };

type SweepReport = { requested: number; failed: number; scanned: number; due: number; skipped: { unchanged: number }; plannerUsed: boolean; plannerError?: string; durationMs: number };

/** Maps every channel, synced to its newest message, then gives every 10th 1–5 new messages and a hidden entry. */
async function seed(h: Harness): Promise<number> {
  const channels = h.sim.channels().map((ch) => {
    const msgs = h.sim.messages(ch.chat_id as string);
    const last = Number(msgs.at(-1)?.time);
    return { channelId: ch.channel_id, chatId: ch.chat_id as string, name: ch.name, lastMessageTime: last, lastMessageIds: msgs.filter((m) => Number(m.time) === last).map((m) => m.id).sort() };
  });
  await insertSyncedMappings(h.t.pool, channels);
  let added = 0;
  channels.forEach((ch, k) => {
    if (k % WITH_NEWS_EVERY !== 0) return;
    const n = (k / WITH_NEWS_EVERY) % 5 + 1;
    const t0 = ch.lastMessageTime + 60_000;
    const msgs: SimMessage[] = Array.from({ length: n }, (_, j) => ({ id: `${t0 + j * 30_000}_${randomInt(1e9, 1e10)}`, time: t0 + j * 30_000, type: "text", sender: { id: "55743307", name: "John Doe" }, content: { text: `news ${j}` } }));
    h.sim.addMessages(ch.chatId, msgs);
    h.sim.addHiddenEntries(ch.chatId, [{ id: `${t0 + 10_000}_${randomInt(1e9, 1e10)}`, time: t0 + 10_000 }]);
    added += n;
  });
  return added;
}

export async function dailySweep(): Promise<string[][]> {
  progress(`(3) generating ${CHANNELS.toLocaleString("en-US")} channels`);
  const h = await startHarness({ data: sweepOrg(CHANNELS), limits: { perMinute: { messages: 15, channels: 30, channel: 30 }, windowMs: WINDOW_MS } });
  try {
    const added = await seed(h);
    progress(`(3) ${CHANNELS} mappings synced; ${added} new messages in ${CHANNELS / WITH_NEWS_EVERY} channels; starting channel-mapping and 2 workers`);
    const shared = { NATS_URL, DATABASE_URL: h.t.url, DB_SCHEMA: h.t.schema, REDIS_URL, SUBJECT_PREFIX: h.prefix, LOG_LEVEL: "warn", ...BUDGET_ENV };
    const health = await freePort();
    const mapping = await startService("channel-mapping", { ...shared, HEALTH_PORT: String(health) }, `http://127.0.0.1:${health}/readyz`);
    try {
      return await withWorkers(h, 2, BUDGET_ENV, async () => {
        const before = h.sim.counters();
        const started = performance.now();
        progress("(3) scheduler run-once (planner on)");
        const run = await runToEnd("scheduler", ["run-once"], { ...shared, HEALTH_PORT: "0" });
        const sweepS = (performance.now() - started) / 1_000;
        const report = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as SweepReport;
        if (run.code !== 0 || typeof report.requested !== "number") throw new Error(`the sweep exited ${run.code}: ${run.stdout.slice(0, 500)}`);
        progress(`(3) sweep requested ${report.requested} (planner used: ${report.plannerUsed}${report.plannerError ? `, ${report.plannerError}` : ""}); waiting for the workers`);
        const ended = await waitForJobs(h, report.requested, 3_600_000);
        const totalS = (performance.now() - started) / 1_000;
        const after = h.sim.counters();
        const delta = (k: "messages" | "channels" | "channel") => after.requests[k] - before.requests[k];
        const stored = new Set(h.sink.messageIds()).size;
        const fmt = (n: number) => n.toLocaleString("en-US");
        const planner = report.plannerUsed ? `planner used: ${fmt(report.requested)} requested, ${fmt(report.skipped.unchanged)} skipped as unchanged` : `**planner not used** (${report.plannerError ?? "?"}): ${fmt(report.requested)} requested`;
        return [
          [`(3) daily sweep, ${CHANNELS.toLocaleString("en-US")} mapped channels, ${100 / WITH_NEWS_EVERY} % with news: Zoho message requests`, `**${fmt(delta("messages"))}** (${fmt(ended.completed)} jobs synced, ${ended.failed} failed; ${fmt(stored)} of ${fmt(added)} new messages stored)`, "≤ 1,100"],
          ["(3) same sweep: channel-list requests", `**${fmt(delta("channels"))}** (+ ${delta("channel")} single-channel); ${planner}`, "≤ 100"],
          ["(3) same sweep: wall time (budgets scaled 20×)", `sweep ${sweepS.toFixed(1)} s, until the last job ended ${fmt(Math.round(totalS))} s (≈ ${((totalS * SCALE) / 60).toFixed(0)} min at Zoho's real budget); ${after.throttles.messages + after.throttles.channels - before.throttles.messages - before.throttles.channels} throttles`, "(context)"],
        ];
      });
    } finally {
      await mapping.stop();
    }
  } finally {
    await h.stop();
  }
}

/** Waits until `n` jobs ended (sync.completed not continued, or a final sync.failed). */
async function waitForJobs(h: Harness, n: number, timeoutMs: number): Promise<{ completed: number; failed: number }> {
  const deadline = Date.now() + timeoutMs;
  for (let lastReport = 0; ; ) {
    let completed = 0;
    let failed = 0;
    for (const e of h.events) {
      if (e.name === "syncCompleted" && !(e.envelope.data as EventData<"syncCompleted">).continued) completed++;
      if (e.name === "syncFailed" && (e.envelope.data as EventData<"syncFailed">).final) failed++;
    }
    if (completed + failed >= n) return { completed, failed };
    if (Date.now() > deadline) throw new Error(`only ${completed + failed} of ${n} jobs ended within ${timeoutMs} ms`);
    if (Date.now() - lastReport > 30_000) {
      progress(`(3) ${completed + failed} of ${n} jobs ended`);
      lastReport = Date.now();
    }
    await sleep(500);
  }
}
