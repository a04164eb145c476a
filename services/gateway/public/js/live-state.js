// What the rooms page shows, derived from two sources that can disagree for a moment: the API's
// rows (the channel-mapping projection, updated asynchronously) and the sync events streamed to the
// page. Both are merged monotonically, as the projection itself does (pending < running <
// completed | failed), so whichever source is ahead wins and nothing flickers backwards.

const JOB_RANK = { pending: 0, running: 1, completed: 2, failed: 2 };

/** @returns {{ jobs: Map<string, object>, mappings: Map<string, object> }} */
export function emptyLiveState() {
  return { jobs: new Map(), mappings: new Map() };
}

function later(a, b) {
  return a === undefined || b >= a;
}

/**
 * Folds one event envelope `{ id, type, occurredAt, data }` into the live state (in place).
 * Returns the mapping id it concerns, or undefined for events the page does not track.
 */
export function applyEvent(state, envelope) {
  const d = envelope?.data;
  if (d === null || typeof d !== "object" || typeof d.mappingId !== "string") return undefined;
  const at = typeof envelope.occurredAt === "string" ? envelope.occurredAt : new Date(0).toISOString();
  const type = envelope.type;

  if (type.startsWith("sync.") && typeof d.jobId === "string") {
    const job = state.jobs.get(d.jobId) ?? { id: d.jobId, mappingId: d.mappingId, status: "pending", messagesFetched: 0, messagesProcessed: 0 };
    const next = { ...job };
    if (type === "sync.requested") {
      next.jobType = d.jobType;
      next.requestedAt = d.requestedAt;
      if (d.retryOf !== undefined) next.retryOf = d.retryOf;
    }
    const status = { "sync.started": "running", "sync.progress": "running", "sync.completed": "completed", "sync.failed": d.final === false ? "running" : "failed" }[type];
    if (status !== undefined && JOB_RANK[status] > JOB_RANK[next.status]) next.status = status;
    if (typeof d.messagesFetched === "number") next.messagesFetched = Math.max(next.messagesFetched, d.messagesFetched);
    if (typeof d.messagesProcessed === "number") next.messagesProcessed = Math.max(next.messagesProcessed, d.messagesProcessed);
    if (Array.isArray(d.warnings)) next.warnings = unionWarnings(next.warnings, d.warnings);
    if (type === "sync.started") next.startedAt = d.startedAt;
    if (type === "sync.completed") {
      next.finishedAt = d.finishedAt;
      next.processingTimeMs = d.durationMs;
      next.outcome = d.outcome;
    }
    if (type === "sync.failed") {
      next.errorCode = d.code;
      next.errorMessage = d.message;
      if (d.final !== false) next.finishedAt = d.failedAt;
    }
    state.jobs.set(d.jobId, next);
  }

  const live = state.mappings.get(d.mappingId);
  if (later(live?.at, at)) state.mappings.set(d.mappingId, mappingEffect(type, d, at, live));
  return d.mappingId;
}

function mappingEffect(type, d, at, previous) {
  switch (type) {
    case "sync.requested":
    case "sync.started":
    case "sync.progress":
      return { at, phase: "syncing", jobId: d.jobId, fetched: d.messagesFetched ?? previous?.fetched ?? 0 };
    case "sync.completed":
      // A skipped or coalesced run leaves the mapping as it was.
      return d.outcome === "synced"
        ? { at, phase: "synced", jobId: d.jobId, lastSyncAt: d.finishedAt, lastMessageTime: d.lastMessageTime ?? undefined }
        : { at, phase: "idle", jobId: d.jobId };
    case "sync.failed":
      return d.final === false
        ? { at, phase: "syncing", jobId: d.jobId, retrying: true, error: d.message }
        : { at, phase: "failed", jobId: d.jobId, error: d.message, code: d.code };
    case "mapping.paused":
      return { at, phase: "paused" };
    case "mapping.resumed":
      return { at, phase: "idle" };
    default:
      return { at, phase: "idle" };
  }
}

/** Marks a mapping as syncing right after the API accepted a manual run or a retry. */
export function markRequested(state, mappingId, jobId, at = new Date().toISOString()) {
  const live = state.mappings.get(mappingId);
  if (later(live?.at, at)) state.mappings.set(mappingId, { at, phase: "syncing", jobId, fetched: 0 });
}

/**
 * The room's badge: 🟢 active, 🟡 paused, 🔴 error (retry available), 🔵 syncing.
 * `mapping` is the API's mappingView; `live` what the stream said since (may be undefined).
 */
export function badgeFor(mapping, live) {
  if (mapping === null || mapping === undefined) return { tone: "unmapped", icon: "⚪", label: "Not mapped" };
  // Paused wins: a paused mapping does not sync, whatever an older event said.
  if (mapping.syncStatus === "paused") return { tone: "paused", icon: "🟡", label: "Paused" };
  const apiNewer = live !== undefined && mapping.updatedAt !== undefined && mapping.updatedAt > live.at && !mapping.syncing;
  const phase = live === undefined || apiNewer ? undefined : live.phase;
  if (phase === "syncing" || (phase === undefined && mapping.syncing)) {
    const fetched = live?.fetched ? ` — ${live.fetched} fetched` : "";
    return { tone: "syncing", icon: "🔵", label: `${live?.retrying ? "Retrying" : "Syncing"}${fetched}` };
  }
  if (phase === "failed" || (phase !== "synced" && mapping.syncStatus === "error")) {
    return { tone: "error", icon: "🔴", label: "Error", error: (phase === "failed" ? live.error : mapping.lastError) ?? "the last sync failed" };
  }
  return { tone: "active", icon: "🟢", label: "Active" };
}

/** The API's job rows with whatever the stream knows that they do not yet, newest first. */
export function mergeJobs(fetched, state, mappingId) {
  const byId = new Map(fetched.map((j) => [j.id, j]));
  for (const live of state.jobs.values()) {
    if (live.mappingId !== mappingId) continue;
    const row = byId.get(live.id);
    if (row === undefined) {
      if (live.requestedAt === undefined && live.startedAt === undefined) continue; // not enough to show yet
      byId.set(live.id, {
        jobType: "manual", requestedAt: live.requestedAt ?? live.startedAt, startedAt: null, finishedAt: null,
        processingTimeMs: null, errorCode: null, errorMessage: null, retryOf: null, ...live,
      });
      continue;
    }
    const merged = { ...row };
    if (JOB_RANK[live.status] > JOB_RANK[row.status]) {
      merged.status = live.status;
      for (const k of ["finishedAt", "processingTimeMs", "errorCode", "errorMessage", "startedAt"]) if (live[k] !== undefined && merged[k] == null) merged[k] = live[k];
    }
    merged.messagesFetched = Math.max(row.messagesFetched, live.messagesFetched);
    merged.messagesProcessed = Math.max(row.messagesProcessed, live.messagesProcessed);
    if (live.warnings !== undefined) merged.warnings = unionWarnings(row.warnings, live.warnings);
    byId.set(live.id, merged);
  }
  return [...byId.values()].sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : a.requestedAt > b.requestedAt ? -1 : 0));
}

/**
 * Two lists of job warnings as one, the way the projection keeps them: one per (chatId, time)
 * with the largest `seen`, newest millisecond first. Either may be undefined.
 */
export function unionWarnings(a, b) {
  const byKey = new Map();
  for (const w of [...(a ?? []), ...(b ?? [])]) {
    const key = `${w.chatId}\u0001${w.time}`;
    const held = byKey.get(key);
    if (held === undefined || w.seen > held.seen) byKey.set(key, w);
  }
  return [...byKey.values()].sort((x, y) => y.time - x.time || (x.chatId < y.chatId ? -1 : x.chatId > y.chatId ? 1 : 0));
}

/** The later of two ISO times (either may be null/undefined). */
export function laterTime(a, b) {
  if (a == null) return b ?? null;
  if (b == null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
