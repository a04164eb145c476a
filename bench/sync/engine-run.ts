// One mapping read by the sync engine as it ships, in this process: the worker's delivery loop
// (run-delivery.ts: BackwardWalk, one batch per page, next page prefetched, write-ahead then
// checkpoint) with its real page fetcher (zoho-pages.ts) and @cliq/zoho-client over HTTP against
// the simulator. Only what sits behind the loop is in memory: the cursor row, the sink, the
// events. The shared rate limiter is a pass-through: this counts requests, it does not time them.
import type { Cursor } from "@cliq/contracts";
import { createLogger } from "@cliq/runtime";
import { createZohoClient, type ZohoClient, type ZohoMessage } from "@cliq/zoho-client";
import type { ZohoLimiter } from "@cliq/zoho-limiter";
import type { Simulator } from "@cliq/zoho-simulator";
import { configSchema, PAGE_SIZE } from "@cliq/sync-worker";
import type { WalkState } from "../../services/sync-worker/src/domain/backward-walk.ts";
import type { Checkpoint, CursorRepo, JobCounts, Lease, PendingBatch } from "../../services/sync-worker/src/repo/cursor-repo.ts";
import { deliverNewMessages, type DeliveryProgress, type PageQuery } from "../../services/sync-worker/src/sync/run-delivery.ts";
import type { SyncEvents } from "../../services/sync-worker/src/sync/sync-events.ts";
import { zohoPageFetcher } from "../../services/sync-worker/src/sync/zoho-pages.ts";
import type { AccessToken, TokenProvider } from "../../services/sync-worker/src/tokens.ts";

/** The worker's own defaults: page size and per-run cap. */
export const WORKER_PAGE_SIZE = PAGE_SIZE;
export const WORKER_CAP = configSchema.shape.MAX_MESSAGES_PER_RUN.parse(undefined);

const logger = createLogger({ service: "sync-bench", level: "warn" });
const passThrough = { schedule: (_cls: string, fn: () => Promise<unknown>) => fn() } as unknown as Pick<ZohoLimiter, "schedule">;

export type RunResult = { requests: number; delivered: string[]; caughtUp: boolean };
export type PageSeen = (q: PageQuery, page: readonly ZohoMessage[]) => void;

/** One mapping's durable state across runs (what zoho_sync_cursors keeps), read run by run. */
export class MappingReader {
  cursor: Cursor = { time: null, ids: [] };
  walk: WalkState | null = null;
  counts: JobCounts = { fetched: 0, processed: 0, warnings: [] };
  readonly #sim: Simulator;
  readonly #zoho: ZohoClient;
  readonly #chatId: string;
  readonly #syncFromMs: number;
  readonly #tokens: TokenProvider;
  #runs = 0;

  constructor(sim: Simulator, zoho: ZohoClient, chatId: string, syncFromMs: number) {
    this.#sim = sim;
    this.#zoho = zoho;
    this.#chatId = chatId;
    this.#syncFromMs = syncFromMs;
    const issued = sim.issueTokensForTest();
    const token: AccessToken = { accessToken: issued.accessToken, expiresAt: Date.now() + 3_600_000, version: 1, cliqServer: sim.dataCentres.us?.cliqServer as string, location: "us" };
    this.#tokens = { get: async () => token, refreshAfterRejection: async () => token, invalidate: () => undefined, stop: () => undefined };
  }

  /** The walk's stop position: the cursor, or the sync-from instant before the first sync. */
  stop(): { time: number; ids: ReadonlySet<string> } {
    return this.cursor.time === null ? { time: this.#syncFromMs, ids: new Set() } : { time: this.cursor.time, ids: new Set(this.cursor.ids) };
  }

  /** One job run (it stops at the per-run cap, as a worker's does); `onPage` sees every page read. */
  async run(onPage: PageSeen = () => undefined, cap = WORKER_CAP): Promise<RunResult> {
    const delivered: string[] = [];
    const before = this.#sim.counters().requests.messages;
    const cursors = {
      writeAhead: async (_l: Lease, _p: PendingBatch) => undefined,
      checkpoint: async (_l: Lease, cp: Checkpoint) => {
        this.cursor = cp.cursor;
        this.walk = cp.walk;
        this.counts = cp.counts;
      },
    } as unknown as CursorRepo;
    const events = { progress: async () => undefined } as unknown as SyncEvents;
    const ingest = {
      async deliver(b: { body: { message_ids: string[] } }) {
        delivered.push(...b.body.message_ids);
        return {};
      },
    };
    const fetch = zohoPageFetcher({ zoho: this.#zoho, limiter: passThrough, tokens: this.#tokens, logger }, this.#chatId);
    const progress: DeliveryProgress = { fetched: 0, processed: 0, cursor: this.cursor, frontier: null, caughtUp: false, warnings: [] };
    const job = { jobId: `job-${++this.#runs}`, mappingId: "m", correlationId: "c" };
    await deliverNewMessages(
      { cursors, events, ingest, logger },
      { leaseTtlMs: 60_000, maxMessagesPerRun: cap, pageSize: WORKER_PAGE_SIZE, timeZone: "UTC" },
      {
        job,
        lease: { mappingId: "m", owner: "bench", jobId: job.jobId, fencingToken: "1" },
        target: { mappingId: "m", clientId: "c", roomId: "r", channel: { id: "T", chatId: this.#chatId, name: "#bench" } },
        cursor: this.cursor,
        syncFromMs: this.#syncFromMs,
        walk: this.walk,
        pending: null,
        counts: this.counts,
        fetchPage: async (q, signal) => {
          const page = await fetch(q, signal);
          onPage(q, page);
          return page;
        },
        signal: new AbortController().signal,
      },
      progress,
    );
    return { requests: this.#sim.counters().requests.messages - before, delivered, caughtUp: progress.caughtUp };
  }
}

export function benchZohoClient(): ZohoClient {
  return createZohoClient({});
}
