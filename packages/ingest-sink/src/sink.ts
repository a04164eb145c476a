// startIngestSink: a real HTTP server on 127.0.0.1 standing in for TCIS's CloudRun `/ingest`,
// with knobs a test turns to simulate outages, slowness and rejections.
import type { AddressInfo } from "node:net";
import { buildSinkApp } from "./app.ts";
import type { IngestBody } from "./ingest-body.ts";
import { SinkState, type FailurePredicate, type IngestRecord } from "./sink-state.ts";

export type IngestSinkOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The bearer token callers must present; default "sink-token". */
  token?: string;
};

export type IngestSink = {
  /** Full POST URL, e.g. http://127.0.0.1:PORT/ingest */
  url: string;
  baseUrl: string;
  /** Stored documents in arrival order; each Idempotency-Key appears once. */
  records(): IngestRecord[];
  /** Every message id of every stored document, in order (for exactly-once assertions). */
  messageIds(): string[];
  /** Every POST /ingest, including replays and failures. */
  attempts(): number;
  /** The next n POSTs answer `status` (default 503) with `body` before anything else is checked. */
  failNext(n: number, status?: number, body?: unknown): void;
  /** Delay every POST /ingest by ms before answering. */
  setLatency(ms: number): void;
  /** Reject valid documents the predicate picks (e.g. a 422 for one room); null clears it. */
  failWhen(pred: ((body: IngestBody) => { status: number; body?: unknown } | null) | null): void;
  /** Forget documents, answers, counters and injected failures. */
  reset(): void;
  close(): Promise<void>;
};

export const DEFAULT_SINK_TOKEN = "sink-token";

export async function startIngestSink(opts: IngestSinkOptions = {}): Promise<IngestSink> {
  const host = opts.host ?? "127.0.0.1";
  const state = new SinkState();
  const app = buildSinkApp(state, opts.token ?? DEFAULT_SINK_TOKEN);
  await app.listen({ port: opts.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: `${baseUrl}/ingest`,
    baseUrl,
    records: () => [...state.records],
    messageIds: () => state.messageIds(),
    attempts: () => state.attempts,
    failNext: (n, status, body) => state.failNext(n, status, body),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`setLatency: ms must be >= 0, got ${ms}`);
      state.latencyMs = ms;
    },
    failWhen: (pred: FailurePredicate | null) => state.failWhen(pred),
    reset: () => state.reset(),
    close: () => app.close(),
  };
}
