
-- CreateEnum
CREATE TYPE "room_kind" AS ENUM ('internal', 'external');

-- CreateEnum
CREATE TYPE "zoho_auth_state" AS ENUM ('connected', 'refreshing', 'reauth_required');

-- CreateEnum
CREATE TYPE "zoho_sync_status" AS ENUM ('active', 'paused', 'error');

-- CreateEnum
CREATE TYPE "zoho_job_type" AS ENUM ('manual', 'scheduled', 'retry');

-- CreateEnum
CREATE TYPE "zoho_job_status" AS ENUM ('pending', 'running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "clients" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rooms" (
    "id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "room_kind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rooms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zoho_auth" (
    "id" UUID NOT NULL,
    "connection_key" TEXT NOT NULL DEFAULT 'system',
    "organization_id" TEXT,
    "access_token_enc" TEXT NOT NULL,
    "refresh_token_enc" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "token_version" INTEGER NOT NULL DEFAULT 1,
    "authenticated_by" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "accounts_server" TEXT NOT NULL,
    "api_domain" TEXT,
    "scopes" TEXT[],
    "state" "zoho_auth_state" NOT NULL DEFAULT 'connected',
    "refresh_failure_count" INTEGER NOT NULL DEFAULT 0,
    "last_refresh_at" TIMESTAMPTZ(3),
    "last_refresh_error" TEXT,
    "next_refresh_not_before" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zoho_auth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zoho_oauth_states" (
    "state_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "zoho_oauth_states_pkey" PRIMARY KEY ("state_hash")
);

-- CreateTable
CREATE TABLE "zoho_channel_mappings" (
    "id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "zoho_channel_id" TEXT NOT NULL,
    "zoho_chat_id" TEXT NOT NULL,
    "zoho_channel_name" TEXT NOT NULL,
    "sync_status" "zoho_sync_status" NOT NULL DEFAULT 'active',
    "syncing" BOOLEAN NOT NULL DEFAULT false,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_message_time" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_code" TEXT,
    "last_error_retryable" BOOLEAN,
    "sync_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sync_interval_minutes" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zoho_channel_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zoho_sync_jobs" (
    "id" UUID NOT NULL,
    "mapping_id" UUID NOT NULL,
    "job_type" "zoho_job_type" NOT NULL,
    "status" "zoho_job_status" NOT NULL DEFAULT 'pending',
    "messages_fetched" INTEGER NOT NULL DEFAULT 0,
    "messages_processed" INTEGER NOT NULL DEFAULT 0,
    "processing_time_ms" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,
    "retry_of" UUID,
    "requested_by" TEXT,
    "note" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3),

    CONSTRAINT "zoho_sync_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zoho_sync_cursors" (
    "mapping_id" UUID NOT NULL,
    "last_message_time" BIGINT,
    "last_message_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lease_owner" TEXT,
    "lease_job_id" UUID,
    "fencing_token" BIGINT NOT NULL DEFAULT 0,
    "lease_expires_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zoho_sync_cursors_pkey" PRIMARY KEY ("mapping_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" TEXT,
    "actor_roles" TEXT[],
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "outcome" TEXT NOT NULL,
    "status_code" INTEGER,
    "details" JSONB,
    "request_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rooms_client_id_idx" ON "rooms"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "zoho_auth_connection_key_key" ON "zoho_auth"("connection_key");

-- CreateIndex
CREATE UNIQUE INDEX "zoho_channel_mappings_room_id_key" ON "zoho_channel_mappings"("room_id");

-- CreateIndex
CREATE UNIQUE INDEX "zoho_channel_mappings_zoho_channel_id_key" ON "zoho_channel_mappings"("zoho_channel_id");

-- CreateIndex
CREATE INDEX "zoho_channel_mappings_client_id_idx" ON "zoho_channel_mappings"("client_id");

-- CreateIndex
CREATE INDEX "zoho_channel_mappings_sync_status_idx" ON "zoho_channel_mappings"("sync_status");

-- CreateIndex
CREATE INDEX "zoho_sync_jobs_mapping_id_requested_at_idx" ON "zoho_sync_jobs"("mapping_id", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "zoho_sync_jobs_status_idx" ON "zoho_sync_jobs"("status");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- AddForeignKey
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zoho_channel_mappings" ADD CONSTRAINT "zoho_channel_mappings_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zoho_channel_mappings" ADD CONSTRAINT "zoho_channel_mappings_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

