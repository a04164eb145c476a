// Where batches go. One small interface so another transport (e.g. TCIS's Supabase uploads/jobs
// rows, see DESIGN.md) can replace HTTP without touching the sync logic.
import type { IngestBatch } from "../domain/ingest-payload.ts";

export type { IngestBatch };

export interface IngestTransport {
  /**
   * Stores the batch or throws: IngestRejectedError (will never be accepted as is) or
   * IngestUnavailableError (try again later). Must be idempotent per `batch.idempotencyKey`.
   */
  deliver(batch: IngestBatch): Promise<{ jobId?: string }>;
}
