// zoho_channel_mappings: the admin-facing CRUD plus the sync-state updates of the projection.
// The projection's updates are guarded by `sync_event_at` (the newest sync event applied) and
// only match when they would change something, so replays and redeliveries are no-ops.
import { Prisma, type Db, type SyncStatus, type ZohoChannelMapping } from "@cliq/db";
import type { ChannelHolderInfo, RoomHolderInfo } from "../domain/conflict.ts";
import type { MappingSyncEffect } from "../domain/mapping-sync-effect.ts";
import type { SqlNames } from "./sql-names.ts";

export type DbClient = Db | Prisma.TransactionClient;

export type NewMapping = {
  clientId: string;
  roomId: string;
  zohoChannelId: string;
  zohoChatId: string;
  zohoChannelName: string;
  syncFrom: Date;
  syncIntervalMinutes: number | null;
  createdBy: string;
};

export type MappingFilter = { clientId?: string; roomId?: string; status?: SyncStatus; zohoChannelId?: string };

const holderSelect = { id: true, clientId: true, roomId: true, client: { select: { name: true } }, room: { select: { name: true } } } as const;

export type MappingsRepo = ReturnType<typeof createMappingsRepo>;

export function createMappingsRepo(db: Db, names: SqlNames) {
  return {
    create(tx: DbClient, m: NewMapping): Promise<ZohoChannelMapping> {
      return tx.zohoChannelMapping.create({ data: m });
    },

    findById(id: string): Promise<ZohoChannelMapping | null> {
      return db.zohoChannelMapping.findUnique({ where: { id } });
    },

    list(f: MappingFilter): Promise<ZohoChannelMapping[]> {
      return db.zohoChannelMapping.findMany({
        where: {
          ...(f.clientId === undefined ? {} : { clientId: f.clientId }),
          ...(f.roomId === undefined ? {} : { roomId: f.roomId }),
          ...(f.status === undefined ? {} : { syncStatus: f.status }),
          ...(f.zohoChannelId === undefined ? {} : { zohoChannelId: f.zohoChannelId }),
        },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      });
    },

    async channelHolder(zohoChannelId: string): Promise<ChannelHolderInfo | null> {
      const m = await db.zohoChannelMapping.findUnique({ where: { zohoChannelId }, select: holderSelect });
      return m === null ? null : { mappingId: m.id, clientId: m.clientId, clientName: m.client.name, roomId: m.roomId, roomName: m.room.name };
    },

    async roomHolder(roomId: string): Promise<RoomHolderInfo | null> {
      const m = await db.zohoChannelMapping.findUnique({ where: { roomId }, select: { id: true, zohoChannelId: true, zohoChannelName: true } });
      return m === null ? null : { mappingId: m.id, zohoChannelId: m.zohoChannelId, zohoChannelName: m.zohoChannelName };
    },

    /** The holder of each of `channelIds` that is mapped. */
    async holders(channelIds: readonly string[]): Promise<Map<string, ChannelHolderInfo>> {
      const rows = await db.zohoChannelMapping.findMany({ where: { zohoChannelId: { in: [...channelIds] } }, select: { ...holderSelect, zohoChannelId: true } });
      return new Map(rows.map((m) => [m.zohoChannelId, { mappingId: m.id, clientId: m.clientId, clientName: m.client.name, roomId: m.roomId, roomName: m.room.name }]));
    },

    /** The deleted row; null when it was already gone (a concurrent delete won). */
    async delete(tx: DbClient, id: string): Promise<ZohoChannelMapping | null> {
      const current = await tx.zohoChannelMapping.findUnique({ where: { id } });
      if (current === null) return null;
      const res = await tx.zohoChannelMapping.deleteMany({ where: { id } });
      return res.count === 0 ? null : current;
    },

    /** Moves status `from` → `to`; null when the mapping is missing or not in `from`. */
    async changeStatus(tx: DbClient, id: string, from: (s: SyncStatus) => boolean, to: SyncStatus): Promise<ZohoChannelMapping | null> {
      const current = await tx.zohoChannelMapping.findUnique({ where: { id } });
      if (current === null || !from(current.syncStatus)) return null;
      const res = await tx.zohoChannelMapping.updateMany({ where: { id, syncStatus: current.syncStatus }, data: { syncStatus: to } });
      return res.count === 0 ? null : tx.zohoChannelMapping.findUnique({ where: { id } });
    },

    async applySyncEffect(mappingId: string, e: MappingSyncEffect, at: Date): Promise<void> {
      const t = names.mappings;
      const atTs = Prisma.sql`${at.toISOString()}::timestamptz`;
      const notOlder = Prisma.sql`(sync_event_at IS NULL OR sync_event_at <= ${atTs})`;
      const id = Prisma.sql`${mappingId}::uuid`;
      const ts = (d: Date | null) => Prisma.sql`${d === null ? null : d.toISOString()}::timestamptz`;
      switch (e.kind) {
        case "none":
          return;
        case "progress":
          await moveLastMessageTime(e.lastMessageTime);
          return;
        case "started":
          // Strictly newer: a run's start never undoes its own end recorded at the same instant.
          await db.$executeRaw`UPDATE ${t} SET syncing = true, sync_job_id = ${e.jobId}::uuid, sync_event_at = ${atTs}, updated_at = now()
            WHERE id = ${id} AND (sync_event_at IS NULL OR sync_event_at < ${atTs})`;
          return;
        case "released":
          await db.$executeRaw`UPDATE ${t} SET syncing = false, sync_job_id = NULL, sync_event_at = ${atTs}, updated_at = now()
            WHERE id = ${id} AND sync_job_id = ${e.jobId}::uuid AND ${notOlder}`;
          return;
        case "synced":
          await moveLastMessageTime(e.lastMessageTime);
          await db.$executeRaw`UPDATE ${t} SET last_sync_at = ${ts(e.finishedAt)}, updated_at = now()
            WHERE id = ${id} AND (last_sync_at IS NULL OR last_sync_at < ${ts(e.finishedAt)})`;
          await db.$executeRaw`UPDATE ${t} SET syncing = false, sync_job_id = NULL,
              sync_status = CASE WHEN sync_status = 'paused' THEN sync_status ELSE 'active'::${names.syncStatus} END,
              last_error = NULL, last_error_code = NULL, last_error_retryable = NULL, sync_event_at = ${atTs}, updated_at = now()
            WHERE id = ${id} AND ${notOlder}
              AND (sync_event_at IS DISTINCT FROM ${atTs} OR syncing OR sync_job_id IS NOT NULL OR sync_status = 'error'
                   OR last_error IS NOT NULL OR last_error_code IS NOT NULL OR last_error_retryable IS NOT NULL)`;
          return;
        case "failed": {
          const toError = Prisma.sql`${e.toError}::boolean`;
          const { code, message, retryable } = e.error;
          await db.$executeRaw`UPDATE ${t} SET syncing = false, sync_job_id = NULL,
              sync_status = CASE WHEN ${toError} AND sync_status = 'active' THEN 'error'::${names.syncStatus} ELSE sync_status END,
              last_error = ${message}::text, last_error_code = ${code}::text, last_error_retryable = ${retryable}::boolean,
              sync_event_at = ${atTs}, updated_at = now()
            WHERE id = ${id} AND ${notOlder}
              AND (sync_event_at IS DISTINCT FROM ${atTs} OR syncing OR sync_job_id IS NOT NULL OR (${toError} AND sync_status = 'active')
                   OR last_error IS DISTINCT FROM ${message}::text OR last_error_code IS DISTINCT FROM ${code}::text
                   OR last_error_retryable IS DISTINCT FROM ${retryable}::boolean)`;
          return;
        }
      }

      async function moveLastMessageTime(time: Date | null): Promise<void> {
        if (time === null) return;
        await db.$executeRaw`UPDATE ${t} SET last_message_time = ${ts(time)}, updated_at = now()
          WHERE id = ${id} AND (last_message_time IS NULL OR last_message_time < ${ts(time)})`;
      }
    },
  };
}
