// The worker's own failure types. Each names what happened in words an admin can act on.

/** Zoho refused the access token even after auth refreshed it: the connection must be redone. */
export class AuthExpiredError extends Error {
  override readonly name = "AuthExpiredError";
}

/** Another worker took the mapping's lease (ours expired): this run must not touch the cursor again. */
export class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
}

/** The ingest endpoint refused the batch (4xx): sending it again unchanged cannot succeed. */
export class IngestRejectedError extends Error {
  override readonly name = "IngestRejectedError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The ingest endpoint kept failing (5xx, timeouts, connection errors) through every retry. */
export class IngestUnavailableError extends Error {
  override readonly name = "IngestUnavailableError";
}

/** The worker is shutting down: the run stops after its last checkpoint and the job is handed back. */
export class WorkerStoppingError extends Error {
  override readonly name = "WorkerStoppingError";
}
