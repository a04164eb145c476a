// Where audit entries go: the audit_log table (the gateway is its only writer) and back out for
// the super admin's audit view. An interface so inject() tests can keep entries in memory.
import type { Db, Prisma } from "@cliq/db";
import type { AuditEntry, AuditOutcome } from "./audit-entry.ts";

export type AuditRecord = AuditEntry & { id: string; createdAt: string };

export type AuditQuery = {
  limit: number;
  /** Only records older than this id (the previous page's last id). */
  before?: string;
  actorId?: string;
  outcome?: AuditOutcome;
  targetId?: string;
};

export type AuditTrail = {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
};

type Details = { params?: Record<string, string>; fields?: Record<string, unknown>; errorCode?: string | null };

export function createDbAuditTrail(db: Db): AuditTrail {
  return {
    async record(e) {
      // Only strings, numbers and booleans reach `fields` (audit-entry.ts), so this is plain JSON.
      const details = { params: e.params, fields: e.fields, errorCode: e.errorCode } as Prisma.InputJsonObject;
      await db.auditLog.create({
        data: {
          actorId: e.actorId,
          actorRoles: e.actorRoles,
          action: e.action,
          targetType: e.targetType,
          targetId: e.targetId,
          outcome: e.outcome,
          statusCode: e.statusCode,
          details,
          requestId: e.requestId,
        },
      });
    },
    async list(q) {
      const rows = await db.auditLog.findMany({
        where: {
          ...(q.before === undefined ? {} : { id: { lt: BigInt(q.before) } }),
          ...(q.actorId === undefined ? {} : { actorId: q.actorId }),
          ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
          ...(q.targetId === undefined ? {} : { targetId: q.targetId }),
        },
        orderBy: { id: "desc" },
        take: q.limit,
      });
      return rows.map((r) => {
        const d = (r.details ?? {}) as Details;
        return {
          id: r.id.toString(),
          createdAt: r.createdAt.toISOString(),
          actorId: r.actorId,
          actorRoles: r.actorRoles,
          action: r.action,
          targetType: r.targetType,
          targetId: r.targetId,
          outcome: r.outcome as AuditOutcome,
          statusCode: r.statusCode ?? 0,
          errorCode: d.errorCode ?? null,
          params: d.params ?? {},
          fields: d.fields ?? {},
          requestId: r.requestId ?? "",
        };
      });
    },
  };
}
