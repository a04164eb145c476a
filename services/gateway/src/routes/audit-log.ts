// GET /api/audit-log: who changed what and how it ended, newest first (super admins only).
import { z } from "zod";
import { AUDIT_OUTCOMES } from "../audit/audit-entry.ts";
import type { GatewayRoutes } from "../deps.ts";
import { EXAMPLE, withExample } from "../openapi/examples.ts";

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().regex(/^\d{1,19}$/, "an audit record id").optional().describe("The last id of the previous page"),
    actorId: z.string().min(1).max(200).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    targetId: z.string().min(1).max(200).optional(),
  })
  .strict();

const record = z.object({
  id: z.string(),
  createdAt: z.string(),
  actorId: z.string().nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  statusCode: z.number().int(),
  errorCode: z.string().nullable(),
  params: z.record(z.string(), z.string()),
  fields: z.record(z.string(), z.unknown()),
  requestId: z.string(),
});

const page = withExample(z.object({ records: z.array(record), nextBefore: z.string().nullable() }), {
  records: [
    {
      id: "1042",
      createdAt: "2026-01-05T09:14:03.220Z",
      actorId: EXAMPLE.user,
      actorRoles: ["backend"],
      action: "POST /api/zoho-mappings/:id/sync",
      targetType: "mapping",
      targetId: EXAMPLE.mappingId,
      outcome: "rejected",
      statusCode: 409,
      errorCode: "mapping_paused",
      params: { id: EXAMPLE.mappingId },
      fields: {},
      requestId: "5b0e8c1a-2f4d-4e6b-9a7c-3d1e0f2a4b6c",
    },
  ],
  nextBefore: null,
});

export const registerAuditLogRoutes: GatewayRoutes = async (api, deps) => {
  api.get(
    "/audit-log",
    {
      config: { roles: ["super_admin"] },
      schema: { tags: ["audit"], summary: "State-changing calls: who, what, when and the outcome, newest first", querystring: query, response: { 200: page } },
    },
    async (request) => {
      const { limit, ...filters } = request.query;
      const q = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
      const records = await deps.audit.list({ limit, ...q });
      return { records, nextBefore: records.length === limit ? (records[records.length - 1]?.id ?? null) : null };
    },
  );
};
