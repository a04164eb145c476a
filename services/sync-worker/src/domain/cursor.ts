// Cursor arithmetic. A cursor is (time, ids): every message before `time` is delivered, and at
// `time` exactly the listed ids are. The backward walk stops there and treats only the other ids
// at `time` as new, so messages sharing that millisecond are neither lost nor sent twice.
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
