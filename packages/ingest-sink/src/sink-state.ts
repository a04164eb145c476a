// Everything the sink remembers: stored documents, idempotent answers and the failures a test
// asked for. No I/O here, so the HTTP layer stays a thin translation of these decisions.
import type { IngestBody } from "./ingest-body.ts";
import type { StoredAnswer } from "./idempotency.ts";

export type IngestRecord = { key: string; receivedAt: string; body: IngestBody; jobId: string };

export type InjectedAnswer = { status: number; body?: unknown };
export type FailurePredicate = (body: IngestBody) => InjectedAnswer | null;

export const DEFAULT_FAILURE_STATUS = 503;

export class SinkState {
  readonly records: IngestRecord[] = [];
  readonly answers = new Map<string, StoredAnswer>();
  /** Requests for a key still being answered; a concurrent repeat waits instead of storing twice. */
  readonly inFlight = new Map<string, Promise<void>>();
  attempts = 0;
  latencyMs = 0;
  private pendingFailures: InjectedAnswer[] = [];
  private failurePredicate: FailurePredicate | null = null;

  failNext(n: number, status = DEFAULT_FAILURE_STATUS, body?: unknown): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`failNext: n must be a non-negative integer, got ${n}`);
    const answer: InjectedAnswer = {
      status,
      body: body ?? { error: { code: "unavailable", message: `injected failure (HTTP ${status})` } },
    };
    for (let i = 0; i < n; i++) this.pendingFailures.push(answer);
  }

  /** The next injected failure, consumed; null when none is queued. */
  takeInjectedFailure(): InjectedAnswer | null {
    return this.pendingFailures.shift() ?? null;
  }

  failWhen(pred: FailurePredicate | null): void {
    this.failurePredicate = pred;
  }

  conditionalFailure(body: IngestBody): InjectedAnswer | null {
    return this.failurePredicate === null ? null : this.failurePredicate(body);
  }

  messageIds(): string[] {
    return this.records.flatMap((r) => r.body.message_ids ?? []);
  }

  reset(): void {
    this.records.length = 0;
    this.answers.clear();
    this.attempts = 0;
    this.latencyMs = 0;
    this.pendingFailures = [];
    this.failurePredicate = null;
  }
}
