// Renews a run's lease while it works (every TTL/3). A renewal that finds the lease taken over, or
// no successful renewal for a whole TTL (database unreachable), ends the run: its writes are
// fenced anyway, but it should stop spending Zoho's budget on work it cannot record.
import type { Logger } from "@cliq/runtime";
import { LeaseLostError } from "../domain/errors.ts";
import type { CursorRepo, Lease } from "../repo/cursor-repo.ts";

export type LeaseKeeper = { stop(): void };

export function keepLease(opts: { cursors: CursorRepo; lease: Lease; ttlMs: number; logger: Logger; onLost(err: LeaseLostError): void }): LeaseKeeper {
  let lastRenewed = Date.now();
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    opts.cursors
      .renew(opts.lease, opts.ttlMs)
      .then((ok) => {
        if (ok) lastRenewed = Date.now();
        else if (!stopped) opts.onLost(new LeaseLostError(`lost the lease on mapping ${opts.lease.mappingId}: another worker took it over`));
      })
      .catch((err: unknown) => {
        opts.logger.warn({ err, mappingId: opts.lease.mappingId }, "could not renew the lease");
        if (!stopped && Date.now() - lastRenewed > opts.ttlMs) {
          opts.onLost(new LeaseLostError(`could not renew the lease on mapping ${opts.lease.mappingId} for ${opts.ttlMs} ms`));
        }
      })
      .finally(() => {
        busy = false;
      });
  }, Math.max(50, Math.floor(opts.ttlMs / 3)));
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
