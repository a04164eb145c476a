// What "nothing lost, nothing duplicated" means at the sink, by message id, as one
// comparable object (so a failing test shows the first offending ids, not two 20,000-item arrays).
import type { Simulator } from "@cliq/zoho-simulator";
import { expectedIds } from "../../../services/sync-worker/src/testing/harness.ts";

export type DeliveryReport = { delivered: number; duplicates: string[]; missing: string[]; unexpected: string[] };

/**
 * The chat's messages — every message of the channel's chat, deleted tombstones (a "This message
 * was deleted" line) and info messages included, (time, id) ascending, with the worker's id
 * normalisation. The worker delivers them newest batch first (lines ascending inside each), so
 * the comparison is by id, not by arrival order.
 */
export function expectedFor(sim: Simulator, chatId: string): string[] {
  return expectedIds(sim, chatId);
}

/** Compares the ids the sink stored with the expected ones; `subsetOnly` accepts any delivered subset. */
export function deliveryReport(got: string[], expected: string[], opts: { subsetOnly?: boolean } = {}): DeliveryReport {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const id of got) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  const wantedSet = new Set(expected);
  return {
    delivered: got.length,
    duplicates: duplicates.slice(0, 5),
    missing: opts.subsetOnly === true ? [] : expected.filter((id) => !seen.has(id)).slice(0, 5),
    unexpected: got.filter((id) => !wantedSet.has(id)).slice(0, 5),
  };
}

export const exactlyOnce = (delivered: number): DeliveryReport => ({ delivered, duplicates: [], missing: [], unexpected: [] });
