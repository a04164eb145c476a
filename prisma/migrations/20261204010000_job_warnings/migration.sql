-- channel-mapping's job projection: the warnings a sync job reports (the SyncWarning objects of
-- @cliq/contracts, e.g. a millisecond holding more messages than one Zoho page returns, which
-- the API cannot reach). The union of every event's warnings, one per (chatId, time) keeping the
-- largest seen count, at most the newest 100. NULL when the job has none.
ALTER TABLE "zoho_sync_jobs" ADD COLUMN "warnings" JSONB;
