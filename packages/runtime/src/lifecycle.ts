// How every service's main.ts runs: start, serve until SIGTERM/SIGINT, stop once, exit.
// Exit codes: 0 after a clean stop; 1 on a failed start, a failed or too-slow stop, or a second signal.
import type { Logger } from "./logger.ts";

export type Stoppable = { stop(): Promise<void> };
type StopItem = Stoppable | (() => Promise<void> | void) | undefined | null;

/**
 * Stops each item in the order given (list them in reverse start order), running every stop even
 * when an earlier one throws; throws an AggregateError of the failures at the end.
 */
export async function stopAll(...items: StopItem[]): Promise<void> {
  const failures: unknown[] = [];
  for (const item of items) {
    if (item === undefined || item === null) continue;
    try {
      await (typeof item === "function" ? item() : item.stop());
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} stop step(s) failed`);
}

/** Collects stop steps as things start, and stops them in reverse order. */
export class StopStack implements Stoppable {
  private readonly items: StopItem[] = [];
  /** Registers a stop step; steps run last-registered first. */
  push(item: StopItem): void {
    this.items.push(item);
  }
  stop(): Promise<void> {
    const items = this.items.splice(0).reverse();
    return stopAll(...items);
  }
}

export type RunServiceOptions = {
  name: string;
  logger: Logger;
  start: () => Promise<Stoppable>;
  /** How long stop may take before the process exits 1 anyway; default 30 s. */
  shutdownTimeoutMs?: number;
};

export async function runService(opts: RunServiceOptions): Promise<void> {
  const { name, logger } = opts;
  const shutdownTimeoutMs = opts.shutdownTimeoutMs ?? 30_000;
  let started: Promise<Stoppable | undefined> = Promise.resolve(undefined);
  let stopping = false;

  const exit = (code: number): never => process.exit(code);

  async function shutdown(signal: string): Promise<void> {
    logger.info({ signal }, `${name} stopping`);
    const timer = setTimeout(() => {
      logger.error({ shutdownTimeoutMs }, `${name} did not stop within ${shutdownTimeoutMs} ms; exiting`);
      exit(1);
    }, shutdownTimeoutMs);
    try {
      const service = await started;
      await service?.stop();
      clearTimeout(timer);
      logger.info(`${name} stopped`);
      exit(0);
    } catch (err) {
      clearTimeout(timer);
      logger.error({ err }, `${name} failed to stop cleanly`);
      exit(1);
    }
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, `${name} received a second signal; exiting now`);
      exit(1);
    }
    stopping = true;
    void shutdown(signal);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  started = opts.start().then(
    (s) => s,
    (err: unknown) => {
      logger.fatal({ err }, `${name} failed to start`);
      return exit(1);
    },
  );
  const service = await started;
  if (service !== undefined && !stopping) logger.info(`${name} started`);
}
