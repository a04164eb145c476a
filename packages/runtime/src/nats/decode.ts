// Turns a stored JetStream message into a typed event. The schema is chosen by the subject, so one
// consumer can take a wildcard (`sync.>`) and still get each event validated against its own schema.
import { EVENT_SCHEMAS, EVENT_SUBJECTS, envelopeSchema, type Envelope, type EventData, type EventName } from "@cliq/contracts";
import { formatIssues } from "../util/issues.ts";

/** An event as a handler receives it: narrow on `name` to get the typed envelope. */
export type DecodedEvent<N extends EventName = EventName> = {
  [K in N]: { name: K; envelope: Envelope<EventData<K>> };
}[N];

/** The events of the sync stream (`sync.*`), what a `sync.>` consumer receives. */
export type SyncEventName = {
  [K in EventName]: (typeof EVENT_SUBJECTS)[K] extends `sync.${string}` ? K : never;
}[EventName];

/** Event names a consumer is declared to take; "syncAny" stands for every sync event. */
export type ConsumableEvent = EventName | "syncAny";

export type ConsumedEvent<N extends ConsumableEvent> = DecodedEvent<N extends "syncAny" ? SyncEventName : Exclude<N, "syncAny">>;

export const SYNC_EVENT_NAMES = (Object.keys(EVENT_SUBJECTS) as EventName[]).filter((n) =>
  EVENT_SUBJECTS[n].startsWith("sync."),
) as SyncEventName[];

/** Expands "syncAny" into the sync event names. */
export function expandEventNames(names: readonly ConsumableEvent[]): Set<EventName> {
  return new Set(names.flatMap((n) => (n === "syncAny" ? SYNC_EVENT_NAMES : [n])));
}

const EVENT_BY_SUBJECT = new Map<string, EventName>(
  (Object.keys(EVENT_SUBJECTS) as EventName[]).map((n) => [EVENT_SUBJECTS[n], n]),
);
const ENVELOPES = new Map((Object.keys(EVENT_SCHEMAS) as EventName[]).map((n) => [n, envelopeSchema(EVENT_SCHEMAS[n])]));

export type DecodeResult = { ok: true; event: DecodedEvent } | { ok: false; problem: string };

/** Strips the deployment prefix from a subject; undefined when the subject is outside the prefix. */
export function unprefixed(prefix: string, subject: string): string | undefined {
  if (prefix === "") return subject;
  return subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : undefined;
}

export function decodeEvent(prefix: string, subject: string, data: Uint8Array): DecodeResult {
  const bare = unprefixed(prefix, subject);
  const name = bare === undefined ? undefined : EVENT_BY_SUBJECT.get(bare);
  if (bare === undefined || name === undefined) return { ok: false, problem: `no event is defined for subject ${subject}` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(data));
  } catch (err) {
    return { ok: false, problem: `${bare} payload is not valid JSON (${(err as Error).message}; ${data.byteLength} bytes)` };
  }
  const parsed = ENVELOPES.get(name)!.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `invalid ${bare} envelope: ${formatIssues(parsed.error.issues)}` };
  if (parsed.data.type !== bare) {
    return { ok: false, problem: `envelope type "${parsed.data.type}" does not match subject ${bare}` };
  }
  return { ok: true, event: { name, envelope: parsed.data } as DecodedEvent };
}
