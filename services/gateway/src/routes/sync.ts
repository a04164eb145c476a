// Manual sync and retry. The gateway originates these runs (DESIGN: it emits sync.requested for
// manual and retry runs); the owners are asked first so a request for an unknown or paused
// mapping, or a retry of a job that did not fail, is refused with a clear error and emits nothing.
import { randomUUID } from "node:crypto";
import { AppError, jobType, uuid } from "@cliq/contracts";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { GatewayDeps, GatewayRoutes } from "../deps.ts";
import { actorOf, sendCommand } from "../nats-commands.ts";
import { EXAMPLE, withExample } from "../openapi/examples.ts";

export const syncAccepted = withExample(
  z.object({
    jobId: uuid,
    mappingId: uuid,
    jobType,
    status: z.literal("pending"),
    retryOf: uuid.nullable(),
  }),
  { jobId: "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a", mappingId: EXAMPLE.mappingId, jobType: "manual", status: "pending", retryOf: null },
);
export type SyncAccepted = z.infer<typeof syncAccepted>;

type Deps = Pick<GatewayDeps, "commands" | "events">;

/** Emits sync.requested (manual) for an existing, unpaused mapping. */
export async function requestManualSync(deps: Deps, request: FastifyRequest, mappingId: string): Promise<SyncAccepted> {
  const mapping = await sendCommand(deps.commands, request, "mappingGet", { mappingId });
  if (mapping.syncStatus === "paused") {
    throw new AppError("mapping_paused", `mapping ${mapping.id} is paused; resume it before syncing`);
  }
  const jobId = randomUUID();
  await deps.events.publish(
    "syncRequested",
    { jobId, mappingId: mapping.id, jobType: "manual", requestedAt: new Date().toISOString(), requestedBy: actorOf(request).userId },
    { id: jobId, correlationId: request.id },
  );
  return { jobId, mappingId: mapping.id, jobType: "manual", status: "pending", retryOf: null };
}

export const registerSyncRoutes: GatewayRoutes = async (api, deps) => {
  api.post(
    "/zoho-mappings/:id/sync",
    {
      config: { roles: ["super_admin", "backend"], errors: ["mapping_not_found", "mapping_paused"] },
      schema: {
        tags: ["sync"],
        summary: "Start a sync of one mapping now (202: the job is queued; watch it in /api/events or the job history)",
        params: z.object({ id: uuid }).strict(),
        response: { 202: syncAccepted },
      },
    },
    async (request, reply) => reply.code(202).send(await requestManualSync(deps, request, request.params.id)),
  );

  api.post(
    "/zoho-sync-jobs/:id/retry",
    {
      config: { roles: ["super_admin", "backend"], errors: ["job_not_found", "job_not_retryable", "mapping_not_found", "mapping_paused"] },
      schema: {
        tags: ["sync"],
        summary: "Retry a failed sync job (the new job records retry_of)",
        params: z.object({ id: uuid }).strict(),
        response: { 202: syncAccepted },
      },
    },
    async (request, reply) => {
      const job = await sendCommand(deps.commands, request, "jobGet", { jobId: request.params.id });
      if (job.status !== "failed") {
        throw new AppError("job_not_retryable", `job ${job.id} is ${job.status}; only failed jobs can be retried`);
      }
      const mapping = await sendCommand(deps.commands, request, "mappingGet", { mappingId: job.mappingId });
      if (mapping.syncStatus === "paused") {
        throw new AppError("mapping_paused", `mapping ${mapping.id} is paused; resume it before retrying`);
      }
      const jobId = randomUUID();
      await deps.events.publish(
        "syncRequested",
        {
          jobId,
          mappingId: job.mappingId,
          jobType: "retry",
          retryOf: job.id,
          requestedAt: new Date().toISOString(),
          requestedBy: actorOf(request).userId,
        },
        { id: jobId, correlationId: request.id },
      );
      return reply.code(202).send({ jobId, mappingId: job.mappingId, jobType: "retry", status: "pending", retryOf: job.id });
    },
  );
};
