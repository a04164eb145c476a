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

/**
 * Who asked, when a person asked: carried on commands so owners can authorise and record. The
 * gateway fills it from the verified JWT. `kind` is optional because user actors predate
 * service identities; a caller that says `kind: "service"` is never read as a user.
 */
export const actorSchema = z.object({ kind: z.literal("user").optional(), userId, roles: z.array(z.string()) });
export type Actor = z.infer<typeof actorSchema>;

/** Our own services that send commands on their own behalf (no user behind them). */
export const SERVICE_IDENTITIES = ["scheduler"] as const;
export const serviceIdentity = z.enum(SERVICE_IDENTITIES);
export type ServiceIdentity = z.infer<typeof serviceIdentity>;

/**
 * Who asked, when one of our services asked. Deliberately not a user with a special role: no role
 * a user can hold (or claim: "system", "service") ever makes a user actor a service, and an owner
 * grants each service identity only the commands it names. Strict, so a payload cannot be half
 * user, half service. A later change will carry a signed assertion of this identity; owners check
 * identities in one place so that verification can slot in there.
 */
export const serviceActorSchema = z.object({ kind: z.literal("service"), service: serviceIdentity }).strict();
export type ServiceActor = z.infer<typeof serviceActorSchema>;

/** The actor of commands that a service identity may also send: a user or a service. */
export const commandActorSchema = z.discriminatedUnion("kind", [serviceActorSchema, actorSchema]);
export type CommandActor = z.infer<typeof commandActorSchema>;

export function isServiceActor(actor: CommandActor): actor is ServiceActor {
  return actor.kind === "service";
}

export const pageQuery = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
