// What "nothing lost, nothing duplicated, in order" means at the sink, by message id, as one
// comparable object (so a failing test shows the first offending ids, not two 20,000-item arrays).
import type { Simulator } from "@cliq/zoho-simulator";
import { expectedIds } from "../../../services/sync-worker/src/testing/harness.ts";

export type DeliveryReport = { delivered: number; duplicates: string[]; missing: string[]; unexpected: string[]; inOrder: boolean };

/**
 * The chat's messages in delivery order — every message of the channel's chat, deleted tombstones
 * (a "This message was deleted" line) and info messages included, (time, id) ascending, with the
 * worker's id normalisation — as the worker README and `expectedIds` define it.
 */
export function expectedFor(sim: Simulator, chatId: string): string[] {
  return expectedIds(sim, chatId);
}

/** Compares the ids the sink stored (arrival order) with the expected ones; `prefixOnly` accepts a delivered prefix. */
export function deliveryReport(got: string[], expected: string[], opts: { prefixOnly?: boolean } = {}): DeliveryReport {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const id of got) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  const wanted = opts.prefixOnly === true ? expected.slice(0, got.length) : expected;
  const wantedSet = new Set(wanted);
  return {
    delivered: got.length,
    duplicates: duplicates.slice(0, 5),
    missing: wanted.filter((id) => !seen.has(id)).slice(0, 5),
    unexpected: got.filter((id) => !wantedSet.has(id)).slice(0, 5),
    inOrder: got.every((id, i) => id === wanted[i]),
  };
}

export const exactlyOnce = (delivered: number): DeliveryReport => ({ delivered, duplicates: [], missing: [], unexpected: [], inOrder: true });
