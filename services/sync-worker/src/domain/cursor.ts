// Cursor arithmetic. A cursor is (time, ids): every message before `time` is delivered, and at
// `time` exactly the listed ids are. Fetching starts at `time` INCLUSIVE and drops those ids, so
// messages sharing a millisecond across a page or batch edge are neither lost nor sent twice.
import type { Cursor } from "@cliq/contracts";

export type MessageRef = { id: string; time: number };

/** The delivery position inside a run: the cursor with a lookup set. */
export type Position = { time: number; ids: ReadonlySet<string> };

/** Where a mapping starts: its cursor, or its sync_from instant (inclusive) when it has none. */
export function startPosition(cursor: Cursor, syncFromMs: number): Position {
  return cursor.time === null ? { time: syncFromMs, ids: new Set() } : { time: cursor.time, ids: new Set(cursor.ids) };
}

/** True when the message has not been delivered yet according to the position. */
export function isNew(m: MessageRef, pos: Position): boolean {
  return m.time > pos.time || (m.time === pos.time && !pos.ids.has(m.id));
}

/** Ascending by (time, id), ids by code unit: the one delivery order everywhere. */
export function compareMessages(a: MessageRef, b: MessageRef): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The position after delivering `batch` (ascending, all new): the batch's newest millisecond and
 * every id delivered at it, including earlier ones when the batch ends on the position's own ms.
 */
export function advance(pos: Position, batch: readonly MessageRef[]): Position {
  const last = batch.at(-1);
  if (last === undefined) return pos;
  const ids = new Set<string>(last.time === pos.time ? pos.ids : []);
  for (let i = batch.length - 1; i >= 0 && (batch[i] as MessageRef).time === last.time; i--) ids.add((batch[i] as MessageRef).id);
  return { time: last.time, ids };
}

/** The stored/event form; ids sorted so equal positions serialise equally. */
export function toCursor(pos: Position): Cursor {
  return { time: pos.time, ids: [...pos.ids].sort() };
}
