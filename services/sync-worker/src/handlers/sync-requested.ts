// sync.requested → one sync run. Thin: the runner decides; this maps its answer onto the message
// (resolve = ack, RetryLaterError = nak with a delay).
import { RetryLaterError, type ConsumeContext, type ConsumedEvent } from "@cliq/runtime";
import type { SyncRunner } from "../sync/sync-runner.ts";

export function handleSyncRequested(runner: SyncRunner) {
  return async (event: ConsumedEvent<"syncRequested">, ctx: ConsumeContext): Promise<void> => {
    const { envelope } = event;
    const disposition = await runner.run(
      {
        jobId: envelope.data.jobId,
        mappingId: envelope.data.mappingId,
        jobType: envelope.data.jobType,
        ...(envelope.data.continuationOf === undefined ? {} : { continuationOf: envelope.data.continuationOf }),
        attempt: ctx.deliveryCount,
        isLastAttempt: ctx.isLastAttempt,
        correlationId: envelope.correlationId ?? envelope.id,
      },
      { working: () => ctx.working() },
    );
    if (disposition.kind === "retry") throw new RetryLaterError(disposition.reason, disposition.delayMs);
  };
}
