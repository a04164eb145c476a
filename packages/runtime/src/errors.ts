// Errors a consumer handler throws to tell the consumer loop what to do with the message.
// Anything else a handler throws is treated as an unexpected failure: logged and retried with backoff.

/** The handler could not finish now but expects to later: the message is redelivered after `delayMs`. */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  constructor(
    message: string,
    readonly delayMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The message can never be processed (bad content, gone for good): it is terminated, never redelivered. */
export class TerminalError extends Error {
  override readonly name = "TerminalError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
