// Records every state-changing call (POST/PUT/PATCH/DELETE on a known route) once the answer is
// sent. Writing happens after the response, so a failing audit write is logged and never turns a
// request into an error. The error code comes from the error handler (request.errorCode).
import type { FastifyInstance } from "fastify";
import { AUDITED_METHODS, auditEntryFor } from "../audit/audit-entry.ts";
import type { AuditTrail } from "../audit/audit-trail.ts";

export function registerAudit(app: FastifyInstance, trail: AuditTrail): void {
  app.addHook("onResponse", async (request, reply) => {
    const routeUrl = request.routeOptions.url;
    if (!AUDITED_METHODS.has(request.method) || routeUrl === undefined || request.is404) return;
    const entry = auditEntryFor({
      method: request.method,
      routeUrl,
      params: request.params,
      body: request.body,
      statusCode: reply.statusCode,
      errorCode: request.errorCode,
      user: request.user,
      requestId: request.id,
    });
    try {
      await trail.record(entry);
    } catch (err) {
      request.log.error({ err, action: entry.action, statusCode: entry.statusCode }, "could not write the audit log entry");
    }
  });
}
