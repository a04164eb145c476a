// The exactly-once suite, once per Zoho behaviour the reference leaves open (zoho-cliq-api.md
// §2.6, §3.2, §7): the simulator's default, then each uncertainty switch on its own. Three real
// worker processes (their own main.ts); per mode a fresh channel of 2,200 messages with hidden
// entries and ties straddling page edges. During the first backfill: one throttle, one 401, three
// ingest 5xx answers, and the worker holding the lease is SIGKILLed mid-walk; a retry resumes it.
// Then new messages arrive and the ingest endpoint refuses them (4xx: the job fails, nothing
// moves); once it accepts again, a sync delivers them. Every time: every message exactly once,
// lines correct, no two documents' time ranges interleave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventData } from "@cliq/contracts";
import { channelFor, DEFAULT_QUIRKS, QUIRK_MODES, generateChat, generateOrg, type SimChannel } from "@cliq/zoho-simulator";
import { CLEAN, deliveryReport, summarise } from "../testing/delivery-check.ts";
import { startHarness, type Harness } from "../testing/harness.ts";
import { spawnWorker, waitReady, type WorkerProcess } from "../testing/worker-process.ts";

const BUDGET = { perMinute: { messages: 15 }, windowMs: 1_500, lockMs: 1_500, throttleStatus: 400 as const };
const LEASE_TTL_MS = 1_500;
const MESSAGES = 2_200;

let h: Harness;
const workers: WorkerProcess[] = [];
let env: Record<string, string>;
let spawned = 0;

async function addWorker(): Promise<void> {
  const w = spawnWorker(`m${++spawned}`, env);
  workers.push(w);
  await waitReady(w);
}

beforeAll(async () => {
  // Many injected 401s over the suite: Zoho's refresh limit (10 per 10 min) is not what is tested here.
  h = await startHarness({ data: generateOrg({ seed: 21, channels: 1, messagesPerChannel: 10 }), limits: { ...BUDGET, tokenRefreshPer10Min: 1_000 } });
  env = h.workerEnv({
    WORKER_CONCURRENCY: "2",
    LEASE_TTL_MS: String(LEASE_TTL_MS),
    MAX_MESSAGES_PER_RUN: "1000",
    ZOHO_MESSAGES_PER_MINUTE: String(BUDGET.perMinute.messages),
    ZOHO_RATE_WINDOW_MS: String(BUDGET.windowMs),
    ZOHO_RATE_MARGIN_PERCENT: "10",
    ZOHO_THROTTLE_LOCK_MS: String(BUDGET.lockMs),
    ZOHO_TIMEOUT_MS: "3000",
    INGEST_TIMEOUT_MS: "3000",
    RETRY_BASE_DELAY_MS: "300",
  });
  await Promise.all([addWorker(), addWorker(), addWorker()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill("SIGTERM")));
  await h?.stop();
});

function addModeChannel(index: number, name: string, extra: { crowdedMs?: number } = {}): SimChannel {
  const chatId = `CT_1184653329648523663_${7000 + index}`;
  const channel = channelFor(chatId, `mode-${name}`);
  h.sim.addChat(channel, generateChat({ seed: 300 + index, chatId, count: MESSAGES, hiddenRate: 0.06, tieRate: 0.1, ...extra }));
  return channel;
}

async function leaseOwner(mappingId: string): Promise<string | undefined> {
  return (await h.t.pool.query<{ lease_owner: string }>("SELECT lease_owner FROM zoho_sync_cursors WHERE mapping_id = $1", [mappingId])).rows[0]?.lease_owner;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The end of the run that did the work: a request that found the mapping busy is coalesced into
 * the job holding it (e.g. the SIGKILLed job's own redelivery, once JetStream's ack_wait ran out).
 */
async function endOfWork(jobId: string) {
  let id = jobId;
  for (let hop = 0; ; hop++) {
    const end = await h.waitForEnd(id, 90_000);
    const d = end.envelope.data as EventData<"syncCompleted">;
    const holder = end.name === "syncCompleted" && d.outcome === "coalesced" ? /job ([0-9a-f-]{36})/.exec(d.reason ?? "")?.[1] : undefined;
    if (holder === undefined || hop === 5) return end;
    id = holder;
  }
}

describe.each(QUIRK_MODES.map((m, i) => [m.name, m, i] as const))("Zoho mode %s", (name, mode, index) => {
  it("when the backfill meets a throttle, a 401, ingest 5xx and a SIGKILL, and later ingest refuses new messages, then the sink still holds every message once", async () => {
    h.sim.setQuirks({ ...DEFAULT_QUIRKS, ...mode.quirks });
    h.sim.setLimits({ ...BUDGET, ...(mode.limits ?? {}) });
    const ch = addModeChannel(index, name);
    const chatId = ch.chat_id as string;
    const { mappingId, roomId } = await h.createMapping(ch, { syncFrom: new Date(0) });
    const report = () => summarise(deliveryReport(h.sink, h.sim, roomId, chatId));
    // What happened to this mapping's jobs, shown when an assertion fails.
    const story = () => JSON.stringify(h.events.filter((e) => (e.envelope.data as { mappingId?: string }).mappingId === mappingId && e.name !== "syncProgress").map((e) => [e.name, e.envelope.data]));
    const throttlesBefore = h.sim.counters().throttles.messages;
    const refreshesBefore = h.auth.refreshes();
    try {
      h.sim.faults.inject({ endpoint: "messages", kind: "throttle", times: 1 });
      h.sim.faults.inject({ endpoint: "messages", kind: "unauthorized", times: 1 });
      h.sink.failNext(3, 503);
      h.sink.setLatency(25);
      const first = await h.requestSync(mappingId);
      await until("600 messages at the sink", () => h.sinkIds(roomId).length >= 600);
      const owner = await leaseOwner(mappingId);
      const victim = workers.find((w) => w.id === owner);
      expect(victim).toBeDefined();
      workers.splice(workers.indexOf(victim as WorkerProcess), 1);
      await victim?.kill("SIGKILL");
      h.sink.setLatency(0);
      const replacement = addWorker();
      // The dead worker's lease expires after its TTL; a retry then resumes from the frontier.
      // (JetStream also redelivers the dead worker's own message after ack_wait: it finds the
      // mapping busy or caught up.)
      await until("the dead worker's lease to expire", async () => (await h.t.pool.query("SELECT 1 FROM zoho_sync_cursors WHERE mapping_id = $1 AND (lease_expires_at IS NULL OR lease_expires_at < now())", [mappingId])).rowCount === 1);
      const retry = await h.requestSync(mappingId, "retry");
      const end = await endOfWork(retry);
      expect(end.name).toBe("syncCompleted");
      // Whichever job resumed the walk (the retry, or the dead job's redelivery) went on from its frontier.
      const resumed = h.events.filter((e) => e.name === "syncStarted" && (e.envelope.data as EventData<"syncStarted">).mappingId === mappingId).slice(1);
      expect(resumed.some((e) => (e.envelope.data as EventData<"syncStarted">).frontier !== undefined)).toBe(true);
      expect(h.eventsFor(first).some((e) => e.name === "syncStarted")).toBe(true);
      expect(report(), story()).toMatchObject(CLEAN);
      // The faults did happen: one throttle answered, one 401 answered by a refresh through auth.
      expect(h.sim.counters().throttles.messages).toBeGreaterThan(throttlesBefore);
      expect(h.auth.refreshes()).toBeGreaterThan(refreshesBefore);
      await replacement;

      // New messages at the live end; the ingest endpoint refuses them: the job fails, nothing moves.
      const last = Math.max(...h.sim.messages(chatId).map((m) => Number(m.time)));
      const fresh = generateChat({ seed: 900 + index, chatId: `${chatId}-fresh`, count: 150, startTime: last + 1, hiddenRate: 0.06, tieRate: 0.1 });
      h.sim.addMessages(chatId, fresh.messages);
      h.sim.addHiddenEntries(chatId, fresh.hidden);
      h.sink.failWhen((body) => (body.room_id === roomId ? { status: 422, body: { error: { code: "room_archived", message: "room is archived" } } } : null));
      const refused = await endOfWork(await h.requestSync(mappingId));
      expect(refused.name, story()).toBe("syncFailed");
      expect(refused.envelope.data).toMatchObject({ code: "ingest_rejected", final: true });
      h.sink.failWhen(null);
      const again = await endOfWork(await h.requestSync(mappingId));
      expect(again.name).toBe("syncCompleted");
      expect(report(), story()).toMatchObject(CLEAN);
    } finally {
      h.sim.faults.clear();
      h.sink.failWhen(null);
      h.sink.setLatency(0);
    }
  }, 240_000);
});

describe("a millisecond holding more messages than one page", () => {
  it("when a channel has 130 messages in one millisecond, then the job completes with a warning naming it, and everything else arrives once", async () => {
    h.sim.setQuirks(DEFAULT_QUIRKS);
    h.sim.setLimits(BUDGET);
    const ch = addModeChannel(99, "crowded", { crowdedMs: 130 });
    const chatId = ch.chat_id as string;
    const crowded = new Map<number, number>();
    for (const m of h.sim.messages(chatId)) crowded.set(Number(m.time), (crowded.get(Number(m.time)) ?? 0) + 1);
    const [denseTime] = [...crowded.entries()].find(([, n]) => n >= 130) ?? [];
    expect(denseTime).toBeDefined();
    const { mappingId, roomId } = await h.createMapping(ch, { syncFrom: new Date(0) });
    const end = await h.waitForEnd(await h.requestSync(mappingId), 90_000);
    expect(end.name).toBe("syncCompleted");
    const warnings = (end.envelope.data as EventData<"syncCompleted">).warnings ?? [];
    expect(warnings).toEqual([expect.objectContaining({ code: "unreachable_messages", chatId, time: denseTime })]);
    const r = deliveryReport(h.sink, h.sim, roomId, chatId);
    // Only messages of the crowded millisecond can be missing, and fewer than one page of them arrived.
    expect(r.missing.length).toBeGreaterThan(0);
    expect(r.missing.every((id) => id.startsWith(`${denseTime}_`))).toBe(true);
    expect(summarise({ ...r, missing: [] })).toMatchObject(CLEAN);
  }, 120_000);
});
