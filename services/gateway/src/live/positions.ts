// Where a live-status subscriber is in each stream. The SSE `id` of every event carries the
// position in BOTH streams (`sync:1234,mapping:56`), because a browser remembers only the last id
// it saw: an id naming one stream would lose the other stream's place on reconnect.
export const LIVE_STREAMS = ["sync", "mapping"] as const;
export type LiveStream = (typeof LIVE_STREAMS)[number];

/** The last stream sequence delivered (or skipped) per stream; 0 = nothing yet. */
export type StreamPositions = Record<LiveStream, number>;

const MAX_ID_LENGTH = 100;
const PART = /^(sync|mapping):(\d{1,15})$/;

export function formatEventId(p: StreamPositions): string {
  return LIVE_STREAMS.map((s) => `${s}:${p[s]}`).join(",");
}

/** Parses an id made by formatEventId; undefined when it is not one (both streams, once each). */
export function parseEventId(raw: string): StreamPositions | undefined {
  if (raw.length > MAX_ID_LENGTH) return undefined;
  const found: Partial<StreamPositions> = {};
  for (const part of raw.split(",")) {
    const m = PART.exec(part.trim());
    if (m === null) return undefined;
    const stream = m[1] as LiveStream;
    if (found[stream] !== undefined) return undefined;
    found[stream] = Number(m[2]);
  }
  return found.sync === undefined || found.mapping === undefined ? undefined : { sync: found.sync, mapping: found.mapping };
}

/**
 * Where to start reading a stream holding sequences firstSeq..lastSeq, given the last position a
 * subscriber saw. A position past the end (the stream was recreated) restarts at the end; one
 * before the start (aged out) starts at the oldest stored message — the gap is unavoidable then.
 */
export function startSequence(after: number, state: { firstSeq: number; lastSeq: number }): number {
  const next = after + 1;
  if (next > state.lastSeq + 1) return state.lastSeq + 1;
  return Math.max(next, state.firstSeq, 1);
}
