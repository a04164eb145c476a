// Part (4) of the sync benchmark: the worker's peak RSS through a whole first backfill of 25k, 50k
// and 100k messages (hidden entries on), with the V8 heap caps the worker is deployed with, and
// the rate limit lifted so it runs in reasonable time. The per-run cap stays at its default, so
// a backfill runs as a chain of continuations, as in production.
import { channelFor, generateOrg, withChat } from "@cliq/zoho-simulator";
import { startHarness } from "../../services/sync-worker/src/testing/harness.ts";
import { progress } from "../lib/report.ts";
import { withWorkers, WORKER_NODE_OPTIONS, workerPeakRssMb } from "../lib/workers.ts";
import { chat, HOUR } from "./chats.ts";

const LIFTED = "10000000";

/** peakMb: the worker's peak RSS over its whole life; readyPeakMb: the same, read before the job was requested (start-up alone). */
export type MemoryRun = { count: number; peakMb: number; readyPeakMb: number; requests: number; wallS: number };

/** One backfill of `count` messages by one worker (`nodeOptions` null: V8's defaults). */
export async function backfillMemory(count: number, nodeOptions: string | null = WORKER_NODE_OPTIONS): Promise<MemoryRun> {
  progress(`(4) ${count.toLocaleString("en-US")}-message backfill, NODE_OPTIONS ${nodeOptions ?? "unset"}`);
  const chatId = `CT_memory_${count}`;
  const data = withChat(generateOrg({ seed: 1, channels: 0 }), channelFor(chatId, `memory-${count}`), chat({ seed: 23, count, endTime: Date.now() - HOUR }));
  const h = await startHarness({ data, limits: { perMinute: { messages: Number(LIFTED) } } });
  try {
    const env = { ZOHO_MESSAGES_PER_MINUTE: LIFTED, WORKER_CONCURRENCY: "1", ...(nodeOptions === null ? {} : { NODE_OPTIONS: nodeOptions }) };
    return await withWorkers(h, 1, env, async ([w]) => {
      const ch = h.sim.channels().find((c) => c.chat_id === chatId);
      if (ch === undefined || w === undefined) throw new Error("no channel or no worker");
      const { mappingId } = await h.createMapping(ch, { syncFrom: new Date(0) });
      const readyPeakMb = workerPeakRssMb(w);
      const started = performance.now();
      const ended = await h.waitForEnd(await h.requestSync(mappingId), 900_000);
      if (ended.name !== "syncCompleted") throw new Error(`the backfill ended with ${ended.name}: ${JSON.stringify(ended.envelope.data)}`);
      const wallS = (performance.now() - started) / 1_000;
      const stored = new Set(h.sink.messageIds()).size;
      if (stored !== count) throw new Error(`the backfill delivered ${stored} of ${count}`);
      return { count, peakMb: workerPeakRssMb(w), readyPeakMb, requests: h.sim.counters().requests.messages, wallS };
    });
  } finally {
    await h.stop();
  }
}
