-- channel-mapping's sync-state projection: guards that keep replayed or out-of-order sync events
-- from moving a mapping's live status or a job's recorded error backwards.

-- AlterTable
ALTER TABLE "zoho_channel_mappings" ADD COLUMN "sync_job_id" UUID,
ADD COLUMN "sync_event_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "zoho_sync_jobs" ADD COLUMN "error_at" TIMESTAMPTZ(3);
