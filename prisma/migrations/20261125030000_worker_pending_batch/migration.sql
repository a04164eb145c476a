-- sync-worker: write-ahead intent for a batch delivered at the live end of a chat. A crash after
-- the POST and before the checkpoint must re-send the SAME batch (same Idempotency-Key): a batch
-- that reaches the newest messages could otherwise change with messages that arrived meanwhile.
-- NULL: no batch in flight.
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "pending_batch_ids" TEXT[];
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "pending_batch_last_time" BIGINT;
