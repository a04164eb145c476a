// Small shared schemas: ids, enums and value shapes used across commands and events.
import { z } from "zod";

export const uuid = z.uuid();
export const isoDate = z.iso.datetime({ offset: true });
export const zohoChannelId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a Zoho channel id such as T4000000040005");
export const userId = z.string().min(1).max(200);

export const JOB_TYPES = ["manual", "scheduled", "retry"] as const;
export const JOB_STATUSES = ["pending", "running", "completed", "failed"] as const;
export const SYNC_STATUSES = ["active", "paused", "error"] as const;
export const ROOM_KINDS = ["internal", "external"] as const;
export const ROLES = ["super_admin", "backend", "admin", "manager", "user"] as const;

export const jobType = z.enum(JOB_TYPES);
export const jobStatus = z.enum(JOB_STATUSES);
export const syncStatus = z.enum(SYNC_STATUSES);
export const roomKind = z.enum(ROOM_KINDS);
export const role = z.enum(ROLES);

/** The incremental cursor: the newest delivered message time (epoch ms) and the ids at that ms. */
export const cursorSchema = z.object({
  time: z.number().int().nonnegative().nullable(),
  ids: z.array(z.string()),
});
export type Cursor = z.infer<typeof cursorSchema>;

/** Who asked: carried on commands so owners can authorise and record. */
export const actorSchema = z.object({ userId, roles: z.array(z.string()) });
export type Actor = z.infer<typeof actorSchema>;

export const pageQuery = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
