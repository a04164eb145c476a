// The live status stream: GET /api/events?clientId=… read with fetch() so the Authorization
// header can be sent (EventSource cannot). Reconnects with backoff and resumes with Last-Event-ID,
// so events published while the connection was down are replayed by the gateway.
import { createSseParser } from "./sse-parser.js";
import { getToken } from "./session.js";

const MAX_BACKOFF_MS = 15_000;

/**
 * @param {{
 *   query: Record<string, string>,
 *   onEvent: (envelope: object) => void,
 *   onState: (state: "connecting" | "connected" | "reconnecting" | "unavailable" | "unauthenticated", info?: object) => void,
 * }} opts
 * @returns {{ close(): void }}
 */
export function openEventStream({ query, onEvent, onState }) {
  const controller = new AbortController();
  let lastEventId;
  let baseDelay = 1_000;
  let delay = baseDelay;
  let connectedOnce = false;

  async function connectOnce() {
    const headers = { accept: "text/event-stream" };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
    const res = await fetch(`/api/events?${new URLSearchParams(query)}`, { headers, signal: controller.signal, cache: "no-store" });
    if (res.status === 401) return "unauthenticated";
    if (res.status === 404 || res.status === 405 || res.status === 501) return "unavailable";
    if (!res.ok || res.body === null || !(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      throw new Error(`event stream answered HTTP ${res.status}`);
    }
    onState("connected", { resumed: connectedOnce });
    connectedOnce = true;
    const parser = createSseParser({
      onMessage: (m) => {
        delay = baseDelay; // a delivered event proves the connection is healthy
        let envelope;
        try {
          envelope = JSON.parse(m.data);
        } catch {
          return; // keep-alives or non-JSON notices carry nothing to apply
        }
        if (envelope && typeof envelope.type === "string") onEvent(envelope);
      },
      onRetry: (ms) => {
        baseDelay = Math.min(Math.max(ms, 250), MAX_BACKOFF_MS);
      },
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
      lastEventId = parser.lastEventId() ?? lastEventId;
    }
    return "ended";
  }

  (async () => {
    onState("connecting");
    while (!controller.signal.aborted) {
      let outcome;
      try {
        outcome = await connectOnce();
      } catch (err) {
        if (controller.signal.aborted) return;
        outcome = "error";
        console.error("live updates: connection failed", err);
      }
      if (outcome === "unauthenticated" || outcome === "unavailable") return onState(outcome);
      if (controller.signal.aborted) return;
      onState("reconnecting", { inMs: delay });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(Math.round(delay * 1.5), MAX_BACKOFF_MS);
    }
  })();

  return {
    close() {
      controller.abort();
    },
  };
}
