// Property test of the delivery loop: random histories × random combinations of the reference's
// uncertainties (hidden entries, ties, bounds, page order, new messages arriving during the sync)
// × random crash points (before the POST, after it, after the checkpoint) and per-run caps.
// Whatever happens, once the runs settle the sink holds every message exactly once, and no two
// batches' time ranges interleave. The chat is the simulator's own window rule (not a copy of the
// walk's beliefs); the sink stores each Idempotency-Key once; the store keeps what the cursor row keeps.
import { describe, expect, it } from "vitest";
import type { Cursor } from "@cliq/contracts";
import { createLogger } from "@cliq/runtime";
import { ChatLog, createPrng, type Prng, type SimMessage } from "@cliq/zoho-simulator";
import type { ZohoMessage } from "@cliq/zoho-client";
import { BadPageError, type WalkState } from "../domain/backward-walk.ts";
import { classifyFailure } from "../domain/failure.ts";
import type { IngestBatch } from "../domain/ingest-payload.ts";
import type { Checkpoint, CursorRepo, JobCounts, Lease, PendingBatch } from "../repo/cursor-repo.ts";
import { deliverNewMessages, type DeliveryProgress, type PageQuery } from "./run-delivery.ts";
import type { SyncEvents } from "./sync-events.ts";

const logger = createLogger({ service: "test", level: "silent" });
const lease: Lease = { mappingId: "m", owner: "w", jobId: "j", fencingToken: "1" };
const job = { jobId: "j", mappingId: "m", correlationId: "c" };
const target = { mappingId: "m", clientId: "c", roomId: "r", channel: { id: "T", chatId: "CT", name: "#x" } };

type Mode = { exclusive: boolean; desc: boolean; hiddenRate: number; tieRate: number };

/** A chat served by the simulator's own window rule (ChatLog, written from zoho-cliq-api.md). */
class Chat {
  readonly log = new ChatLog();
  #t = 1_700_000_000_000;
  #n = 0;
  constructor(
    readonly mode: Mode,
    readonly prng: Prng,
  ) {}
  add(n: number): void {
    const visible: SimMessage[] = [];
    const hidden: { id: string; time: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (this.prng.next() >= this.mode.tieRate) this.#t += this.prng.int(1, 3) === 1 ? 1 : this.prng.int(2, 90_000);
      const id = `${this.#t}_${String(this.#n++).padStart(9, "0")}${this.prng.digits(3)}`;
      if (this.prng.next() < this.mode.hiddenRate) hidden.push({ id, time: this.#t });
      else visible.push({ id, time: this.#t, type: "text", sender: { id: "1", name: "Ann" }, content: { text: `msg ${id}` } });
    }
    this.log.append(visible);
    this.log.appendHidden(hidden);
  }
  visibleIds(): string[] {
    return this.log.all().map((m) => m.id).sort();
  }
  /** The newest `limit` entries at or before totime; hidden ones take room but are not returned. */
  page(q: PageQuery): ZohoMessage[] {
    const quirks = { hiddenEntries: true, bounds: this.mode.exclusive ? "exclusive" : "inclusive", fromtimeWindow: "newest" } as const;
    const page = this.log.window({ ...(q.toTime === null ? {} : { totime: q.toTime }), notAfter: Number.MAX_SAFE_INTEGER, limit: q.limit }, quirks).map((m) => asZoho({ id: m.id, time: Number(m.time) }));
    return this.mode.desc ? page.reverse() : page;
  }
}

const asZoho = (m: { id: string; time: number }): ZohoMessage => ({ id: m.id, time: m.time, type: "text", sender: { id: "1", name: "Ann" }, text: `msg ${m.id}`, file: null, comment: null, edited: false, editedTime: null, isThreadParent: false, raw: null });

class Crash extends Error {}

/** What zoho_sync_cursors keeps, and a sink that stores each key once. */
function world(prng: Prng, crashRate: number) {
  const row: { cursor: Cursor; walk: WalkState | null; pending: PendingBatch | null; counts: JobCounts } = { cursor: { time: null, ids: [] }, walk: null, pending: null, counts: { fetched: 0, processed: 0, warnings: [] } };
  const stored = new Map<string, IngestBatch["body"]>();
  const maybeCrash = (where: string) => {
    if (prng.next() < crashRate) throw new Crash(where);
  };
  const cursors = {
    async writeAhead(_l: Lease, p: PendingBatch) {
      maybeCrash("before the batch was written ahead");
      row.pending = structuredClone(p);
    },
    async checkpoint(_l: Lease, cp: Checkpoint) {
      maybeCrash("after the POST, before the checkpoint");
      Object.assign(row, structuredClone({ cursor: cp.cursor, walk: cp.walk, counts: cp.counts }), { pending: null });
      maybeCrash("after the checkpoint");
    },
  } as unknown as CursorRepo;
  const ingest = {
    async deliver(b: IngestBatch) {
      maybeCrash("before the POST");
      if (!stored.has(b.idempotencyKey)) stored.set(b.idempotencyKey, b.body);
      maybeCrash("after the POST");
      return {};
    },
  };
  const events = { progress: async () => undefined } as unknown as SyncEvents;
  return { row, stored, deps: { cursors, ingest, events, logger } };
}

async function runUntilCaughtUp(chat: Chat, w: ReturnType<typeof world>, cap: number, prng: Prng, addDuring: number): Promise<void> {
  for (let run = 0; run < 2_000; run++) {
    const progress: DeliveryProgress = { fetched: 0, processed: 0, cursor: w.row.cursor, frontier: null, caughtUp: false, warnings: [] };
    const fetchPage = async (q: PageQuery) => {
      // New messages arrive at the live end while a sync runs.
      if (addDuring > 0 && prng.next() < 0.1) chat.add(prng.int(1, addDuring));
      return chat.page(q);
    };
    const input = { job, lease, target, cursor: w.row.cursor, syncFromMs: 0, walk: w.row.walk, pending: w.row.pending, counts: w.row.counts, fetchPage, signal: new AbortController().signal };
    try {
      await deliverNewMessages(w.deps, { leaseTtlMs: 60_000, maxMessagesPerRun: cap, pageSize: 100, timeZone: "UTC" }, input, progress);
      if (progress.caughtUp && addDuring === 0) return;
      if (progress.caughtUp) addDuring = 0; // let the last messages settle, then one more run
    } catch (err) {
      if (!(err instanceof Crash)) throw err;
    }
  }
  throw new Error("the runs never caught up");
}

function expectExactlyOnceWithoutInterleaving(chat: Chat, stored: Map<string, IngestBatch["body"]>): void {
  const bodies = [...stored.values()];
  const delivered = bodies.flatMap((b) => b.message_ids);
  expect(delivered.length).toBe(new Set(delivered).size);
  expect([...delivered].sort()).toEqual(chat.visibleIds());
  const ranges = bodies.map((b) => [Date.parse(b.first_message_time), Date.parse(b.last_message_time)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < ranges.length; i++) expect((ranges[i] as readonly [number, number])[0]).toBeGreaterThanOrEqual((ranges[i - 1] as readonly [number, number])[1]);
}

describe("delivery loop (property)", () => {
  it("when histories, Zoho's open behaviours, crash points and caps are random, then the sink equals the history, each message once", async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const prng = createPrng(seed);
      const mode: Mode = { exclusive: prng.next() < 0.5, desc: prng.next() < 0.5, hiddenRate: prng.pick([0, 0.05, 0.3]), tieRate: prng.pick([0, 0.1, 0.5]) };
      const chat = new Chat(mode, prng);
      chat.add(prng.int(0, 1_500));
      const w = world(prng, prng.pick([0, 0.05, 0.2]));
      const cap = prng.pick([100, 250, 1_000, 100_000]);
      try {
        await runUntilCaughtUp(chat, w, cap, prng, prng.pick([0, 0, 5, 150]));
        // A later incremental sync on top of the first one.
        chat.add(prng.int(0, 400));
        await runUntilCaughtUp(chat, w, cap, prng, 0);
        expectExactlyOnceWithoutInterleaving(chat, w.stored);
        expect(w.row.counts.processed).toBeGreaterThan(0);
      } catch (err) {
        throw new Error(`seed ${seed} (${JSON.stringify({ mode, cap })}): ${String(err)}`, { cause: err });
      }
    }
  });

  it("when a run resumes after a crash between POST and checkpoint, then it re-sends the same document under the same key", async () => {
    const prng = createPrng(7);
    const chat = new Chat({ exclusive: false, desc: false, hiddenRate: 0.1, tieRate: 0.2 }, prng);
    chat.add(450);
    const w = world(createPrng(1), 0);
    const posts: string[] = [];
    const deliver = w.deps.ingest.deliver;
    let crashes = 1;
    w.deps.ingest.deliver = async (b) => {
      posts.push(b.idempotencyKey);
      await deliver(b);
      if (posts.length === 3 && crashes-- > 0) throw new Crash("after the third POST");
      return {};
    };
    await runUntilCaughtUp(chat, w, 100_000, prng, 0);
    expect(posts[3]).toBe(posts[2]);
    expect(new Set(posts).size).toBe(posts.length - 1);
    expectExactlyOnceWithoutInterleaving(chat, w.stored);
    expect(w.row.counts.processed).toBe(chat.visibleIds().length);
  });

  it.each([
    ["an id twice", (page: ZohoMessage[]) => [...page, page[0] as ZohoMessage]],
    ["a message newer than the page's totime", (page: ZohoMessage[]) => [...page, asZoho({ id: "9999999999999_1", time: 9_999_999_999_999 })]],
  ])("when a page mid-walk holds %s, then the run fails with that reason, nothing of the page is delivered and the frontier stays", async (_what, spoil) => {
    const chat = new Chat({ exclusive: false, desc: false, hiddenRate: 0, tieRate: 0.1 }, createPrng(3));
    chat.add(500);
    const w = world(createPrng(1), 0);
    let pages = 0;
    const fetchPage = async (q: PageQuery) => (++pages === 3 ? spoil(chat.page(q)) : chat.page(q));
    const progress: DeliveryProgress = { fetched: 0, processed: 0, cursor: w.row.cursor, frontier: null, caughtUp: false, warnings: [] };
    const input = { job, lease, target, cursor: w.row.cursor, syncFromMs: 0, walk: null, pending: null, counts: w.row.counts, fetchPage, signal: new AbortController().signal };
    const err = await deliverNewMessages(w.deps, { leaseTtlMs: 60_000, maxMessagesPerRun: 100_000, pageSize: 100, timeZone: "UTC" }, input, progress).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadPageError);
    expect(classifyFailure(err, 1, { baseRetryDelayMs: 1, maxRetryDelayMs: 1 })).toMatchObject({ code: "zoho_bad_response", retryable: false });
    // Two good pages went out; the frontier is where the second one left it.
    const bodies = [...w.stored.values()];
    expect(bodies).toHaveLength(2);
    expect(w.row.walk?.frontier.time).toBe(Date.parse((bodies[1] as IngestBatch["body"]).first_message_time));
    expect(w.row.pending).toBeNull();
  });
});

