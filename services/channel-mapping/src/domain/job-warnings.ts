// A job's warnings (SyncWarning from @cliq/contracts): what its runs could not do and the job must
// show. Every sync.progress / completed / failed may carry some, and a redelivered attempt does
// not repeat the ones an earlier attempt found, so the job keeps the union of all of them:
// - one warning per (chatId, time): the one with the largest `seen` (ties: the larger message,
//   then code, so the choice never depends on arrival order);
// - the newest MAX_JOB_WARNINGS by (time desc, chatId asc); the rest are dropped.
// Keeping the top N of a total order is order-independent: a warning in the top N of everything is
// in the top N of every subset that holds it. jobs-repo.ts runs the same merge in SQL: strings
// compare by their UTF-8 bytes here, as COLLATE "C" does there.
import type { SyncWarning } from "@cliq/contracts";

export const MAX_JOB_WARNINGS = 100;

/** The stored form of `warnings`: merged, sorted and capped; JSONB refuses U+0000, so it is dropped. */
export function mergeWarnings(...lists: readonly (readonly SyncWarning[] | null | undefined)[]): SyncWarning[] {
  const byKey = new Map<string, SyncWarning>();
  for (const list of lists) {
    for (const raw of list ?? []) {
      const w = clean(raw);
      const key = `${w.time}\u0001${w.chatId}`;
      const held = byKey.get(key);
      if (held === undefined || outranks(w, held)) byKey.set(key, w);
    }
  }
  return [...byKey.values()].sort(newestFirst).slice(0, MAX_JOB_WARNINGS);
}

function clean(w: SyncWarning): SyncWarning {
  const strip = (s: string) => s.replaceAll("\u0000", "");
  return { code: w.code, chatId: strip(w.chatId), time: w.time, seen: w.seen, message: strip(w.message) };
}

/** Which of two warnings of one (chatId, time) the job keeps. */
function outranks(a: SyncWarning, b: SyncWarning): boolean {
  if (a.seen !== b.seen) return a.seen > b.seen;
  if (a.message !== b.message) return bytewise(a.message, b.message) > 0;
  return bytewise(a.code, b.code) > 0;
}

function newestFirst(a: SyncWarning, b: SyncWarning): number {
  if (a.time !== b.time) return b.time - a.time;
  return bytewise(a.chatId, b.chatId);
}

/** PostgreSQL's COLLATE "C" order: the UTF-8 bytes, then the length. */
function bytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
