// POST {INGEST_URL} with a bearer token and the batch's Idempotency-Key. 5xx, 408, 429, timeouts
// and connection errors are retried with backoff (the same key makes a retry safe even if the
// first attempt was stored); any other 4xx is final and carries the endpoint's own message.
import { setTimeout as sleep } from "node:timers/promises";
import { request, type Dispatcher } from "undici";
import { IngestRejectedError, IngestUnavailableError } from "../domain/errors.ts";
import type { IngestBatch, IngestTransport } from "./transport.ts";

export type HttpTransportOptions = {
  url: string;
  token: string;
  /** Per attempt; default 15 s. */
  timeoutMs?: number;
  /** Total attempts for retryable failures; default 5. */
  attempts?: number;
  /** First retry delay, doubled each time (capped at 10 s); default 250 ms. */
  baseDelayMs?: number;
  dispatcher?: Dispatcher;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
};

/** The sink's answer for a key already stored with a different body (the batch was edited in Zoho since). */
const KEY_ALREADY_STORED = "idempotency_key_reused";

class Retryable extends Error {}

export function createHttpIngestTransport(opts: HttpTransportOptions): IngestTransport {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const attempts = opts.attempts ?? 5;
  const baseDelayMs = opts.baseDelayMs ?? 250;

  async function attempt(batch: IngestBatch): Promise<{ jobId?: string }> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(opts.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${opts.token}`,
          "content-type": "application/json",
          "idempotency-key": batch.idempotencyKey,
        },
        body: JSON.stringify(batch.body),
        signal: AbortSignal.timeout(timeoutMs),
        ...(opts.dispatcher === undefined ? {} : { dispatcher: opts.dispatcher }),
      });
    } catch (err) {
      const e = err as Error;
      throw new Retryable(e.name === "TimeoutError" || e.name === "AbortError" ? `no answer within ${timeoutMs} ms` : `request failed: ${e.message}`);
    }
    const text = await res.body.text().catch(() => "");
    const body = parseJson(text);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      const jobId = pick(body, ["job_id"]) ?? pick(body, ["jobId"]);
      return jobId === undefined ? {} : { jobId };
    }
    const code = pick(body, ["error", "code"]) ?? pick(body, ["code"]);
    const message = pick(body, ["error", "message"]) ?? pick(body, ["message"]) ?? (text.trim().slice(0, 300) || `HTTP ${res.statusCode}`);
    if (res.statusCode === 408 || res.statusCode === 429 || res.statusCode >= 500) throw new Retryable(`HTTP ${res.statusCode}: ${message}`);
    // Stored before under this key (the key is derived from the message ids): delivered.
    if (code === KEY_ALREADY_STORED) return {};
    throw new IngestRejectedError(code === undefined ? message : `${code}: ${message}`, res.statusCode);
  }

  return {
    async deliver(batch) {
      for (let n = 1; ; n++) {
        try {
          return await attempt(batch);
        } catch (err) {
          if (!(err instanceof Retryable)) throw err;
          if (n >= attempts) throw new IngestUnavailableError(`${err.message} (after ${attempts} attempts)`);
          const delayMs = Math.min(10_000, baseDelayMs * 2 ** (n - 1));
          opts.onRetry?.({ attempt: n, delayMs, reason: err.message });
          await sleep(delayMs);
        }
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pick(v: unknown, path: string[]): string | undefined {
  let cur = v;
  for (const k of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return typeof cur === "string" && cur !== "" ? cur : undefined;
}
