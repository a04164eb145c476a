// The Zoho token's expiry as announced on the AUTH stream, for the token-expiry gauge in any
// service without reaching into auth's tables: the last `token.refreshed` / `token.revoked`
// (direct get by subject at start), then live updates over a core subscription.
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { subjectsFor } from "@cliq/contracts";

export type TokenExpiryTracker = {
  /** The announced expiry, or null when no token is connected (never refreshed, or revoked). */
  expiresAt(): Date | null;
  stop(): void;
};

type Latest = { seq: number; expiresAt: Date | null };

async function lastBySubject(jsm: JetStreamManager, stream: string, subject: string): Promise<{ seq: number; data: unknown } | null> {
  try {
    const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    return m === null ? null : { seq: m.seq, data: m.json() };
  } catch {
    // No such message (or stream): nothing announced yet.
    return null;
  }
}

function expiryOf(envelope: unknown): Date | null {
  const at = (envelope as { data?: { expiresAt?: unknown } } | null)?.data?.expiresAt;
  if (typeof at !== "string") return null;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function trackTokenExpiry(nc: NatsConnection, prefix: string): Promise<TokenExpiryTracker> {
  const subjects = subjectsFor(prefix);
  const refreshed = subjects.event("tokenRefreshed");
  const revoked = subjects.event("tokenRevoked");
  let latest: Latest = { seq: 0, expiresAt: null };
  let live = false;

  const subs: Subscription[] = [refreshed, revoked].map((subject) =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        live = true;
        let envelope: unknown = null;
        try {
          envelope = msg.json();
        } catch {
          return;
        }
        latest = { seq: Number.MAX_SAFE_INTEGER, expiresAt: subject === revoked ? null : expiryOf(envelope) };
      },
    }),
  );

  const jsm = await jetstreamManager(nc, { checkAPI: false });
  const stream = subjects.stream("auth");
  const [r, v] = await Promise.all([lastBySubject(jsm, stream, refreshed), lastBySubject(jsm, stream, revoked)]);
  // A live announcement that arrived while reading the stream is newer than anything stored.
  if (!live) {
    if (r !== null && (v === null || r.seq > v.seq)) latest = { seq: r.seq, expiresAt: expiryOf(r.data) };
    else if (v !== null) latest = { seq: v.seq, expiresAt: null };
  }

  return {
    expiresAt: () => latest.expiresAt,
    stop: () => {
      for (const s of subs) s.unsubscribe();
    },
  };
}
