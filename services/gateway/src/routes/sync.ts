// Manual sync and retry. The gateway originates these runs (DESIGN: it emits sync.requested for
// manual and retry runs); the owners are asked first so a request for an unknown or paused
// mapping, or a retry of a job that did not fail, is refused with a clear error and emits nothing.
import { randomUUID } from "node:crypto";
import { AppError, jobType, uuid } from "@cliq/contracts";
import { z } from "zod";
import type { GatewayRoutes } from "../deps.ts";
import { actorOf, sendCommand } from "../nats-commands.ts";

const accepted = z.object({
  jobId: uuid,
  mappingId: uuid,
  jobType,
  status: z.literal("pending"),
  retryOf: uuid.nullable(),
});

export const registerSyncRoutes: GatewayRoutes = async (api, deps) => {
  api.post(
    "/zoho-mappings/:id/sync",
    {
      config: { roles: ["super_admin", "backend"] },
      schema: {
        tags: ["sync"],
        summary: "Start a sync of one mapping now",
        params: z.object({ id: uuid }).strict(),
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      const mapping = await sendCommand(deps.commands, request, "mappingGet", { mappingId: request.params.id });
      if (mapping.syncStatus === "paused") {
        throw new AppError("mapping_paused", `mapping ${mapping.id} is paused; resume it before syncing`);
      }
      const jobId = randomUUID();
      await deps.events.publish(
        "syncRequested",
        { jobId, mappingId: mapping.id, jobType: "manual", requestedAt: new Date().toISOString(), requestedBy: actorOf(request).userId },
        { id: jobId, correlationId: request.id },
      );
      return reply.code(202).send({ jobId, mappingId: mapping.id, jobType: "manual", status: "pending", retryOf: null });
    },
  );

  api.post(
    "/zoho-sync-jobs/:id/retry",
    {
      config: { roles: ["super_admin", "backend"] },
      schema: {
        tags: ["sync"],
        summary: "Retry a failed sync job (the new job records retry_of)",
        params: z.object({ id: uuid }).strict(),
        response: { 202: accepted },
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
