-- sync-worker: the backward walk (newest first). A walk in progress has its top (the cursor it
-- sets when it ends) and its frontier (the oldest delivered millisecond and the ids at it).
-- Every batch is written ahead in full (Idempotency-Key, body, the walk state after it) before
-- its POST, so a run resuming after a crash re-sends exactly the same document.
-- The batch is JSON kept as TEXT, not JSONB: jsonb refuses \u0000, which a message may hold.
-- The job counters count the whole job across redeliveries and continuations of a walk.
ALTER TABLE "zoho_sync_cursors" DROP COLUMN "pending_batch_ids";
ALTER TABLE "zoho_sync_cursors" DROP COLUMN "pending_batch_last_time";
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "walk_top_time" BIGINT;
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "walk_top_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "walk_frontier_time" BIGINT;
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "walk_frontier_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "pending_batch" TEXT;
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "counted_job_id" UUID;
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "job_messages_fetched" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "job_messages_processed" INTEGER NOT NULL DEFAULT 0;
-- The job's warnings (unreachable milliseconds) as JSON text, carried on like the counters.
ALTER TABLE "zoho_sync_cursors" ADD COLUMN "job_warnings" TEXT;
