// Chat histories for the sync benchmark, built with the simulator's own generator (generateChat:
// hidden entries and same-millisecond runs throughout), plus the two things it does not do on
// its own: several histories in one chat (bursts, working days, a backlog on top of old history)
// and a same-millisecond run forced across the newest page's edge (the walk's first page edge;
// later edges are wherever the walk's pages fall, and the report counts the ties found there).
import { generateChat, type GenerateChatOptions, type SimHiddenEntry, type SimMessage } from "@cliq/zoho-simulator";

export type Chat = { messages: SimMessage[]; hidden: SimHiddenEntry[] };

/** One entry of a chat as the messages API's `limit` window counts it. */
export type Entry = { id: string; time: number; hidden: boolean };

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export function chat(opts: Omit<GenerateChatOptions, "chatId"> & { endTime: number }, chatId = "bench"): Chat {
  const { messages, hidden } = generateChat({ ...opts, chatId });
  return { messages, hidden };
}

/** Histories laid out in separate time ranges, merged into one chat. */
export function merge(parts: readonly Chat[]): Chat {
  const byTime = <T extends { time: number | string }>(a: T, b: T) => Number(a.time) - Number(b.time);
  return { messages: parts.flatMap((p) => p.messages).sort(byTime), hidden: parts.flatMap((p) => p.hidden).sort(byTime) };
}

/**
 * The entries in the order the simulator's ChatLog keeps them: ascending by time; inside one
 * millisecond the messages (in insertion order) before the hidden entries. The benchmark checks
 * every page it reads against this order, so a change in the simulator is caught, not absorbed.
 */
export function entriesOf(c: Chat): Entry[] {
  const all = [
    ...c.messages.map((m, i) => ({ id: m.id, time: Number(m.time), hidden: false, rank: i })),
    ...c.hidden.map((h, i) => ({ id: h.id, time: h.time, hidden: true, rank: c.messages.length + i })),
  ];
  all.sort((a, b) => a.time - b.time || a.rank - b.rank);
  return all.map(({ id, time, hidden }) => ({ id, time, hidden }));
}

/**
 * Moves the 7 entries around the newest-100 edge (4 inside the newest page, 3 below it) into one
 * millisecond, so the walk's first page edge cuts a tie. Entries at or below `keepAtOrBelow` (an
 * already-synced history) are never moved; then nothing is forced.
 */
export function forceNewestEdgeTie(c: Chat, keepAtOrBelow = -1): Chat {
  const entries = entriesOf(c);
  const n = entries.length;
  if (n < 110) return c;
  const group = entries.slice(n - 103, n - 96);
  const t = (group[0] as Entry).time;
  if (t <= keepAtOrBelow) return c;
  const moved = new Map(group.map((e) => [e.id, t]));
  const retime = (id: string) => `${t}_${id.slice(id.indexOf("_") + 1)}`;
  return {
    messages: c.messages.map((m) => (moved.has(m.id) ? { ...m, id: retime(m.id), time: typeof m.time === "string" ? String(t) : t } : m)),
    hidden: c.hidden.map((h) => (moved.has(h.id) ? { id: retime(h.id), time: t } : h)),
  };
}

/** 20 working days (4 weeks, Monday to Friday) of `perDay` messages 09:00–17:00, weekends empty. */
export function workingDays(seed: number, perDay: number, end: number): Chat {
  // epoch day 4 (1970-01-05) was a Monday: the four full weeks before the week of `end`
  const firstMonday = Math.floor((end - 4 * DAY) / (7 * DAY)) * 7 * DAY + 4 * DAY - 28 * DAY;
  const days: Chat[] = [];
  for (let week = 0; week < 4; week++) {
    for (let d = 0; d < 5; d++) {
      const day = firstMonday + week * 7 * DAY + d * DAY;
      // spacing drawn from 0.5–1.5 × spacingMs: the day's messages fit between 09:00 and 17:00
      days.push(chat({ seed: seed * 100 + week * 5 + d, count: perDay, spacingMs: Math.floor((8 * HOUR) / perDay / 1.5), endTime: day + 17 * HOUR }, `day-${week}-${d}`));
    }
  }
  return merge(days);
}

/** `bursts` bursts of `size` messages (20 s apart), `gapDays` apart, the last ending at `end`. */
export function bursts(seed: number, bursts: number, size: number, gapDays: number, end: number): Chat {
  return merge(Array.from({ length: bursts }, (_, k) => chat({ seed: seed * 100 + k, count: size, spacingMs: 20_000, endTime: end - k * gapDays * DAY }, `burst-${k}`)));
}
