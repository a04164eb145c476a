/**
 * The shared budget cannot be consulted (Redis is unreachable). Callers must stop taking work
 * rather than call Zoho unmetered: overspending locks the whole organisation out for minutes.
 */
export class LimiterUnavailableError extends Error {
  override readonly name = "LimiterUnavailableError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The caller's AbortSignal fired while the request was waiting for the budget. */
export class LimiterAbortedError extends Error {
  override readonly name = "LimiterAbortedError";
}
