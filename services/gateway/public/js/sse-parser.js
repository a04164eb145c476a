// Server-sent events framing (the WHATWG event-stream format), fed with text chunks as they arrive
// from a fetch() body. We read the stream with fetch rather than EventSource because EventSource
// cannot send the Authorization header the gateway requires.

/**
 * @typedef {{ id: string | undefined, event: string, data: string }} SseMessage
 * @param {{ onMessage: (m: SseMessage) => void, onRetry?: (ms: number) => void }} handlers
 */
export function createSseParser(handlers) {
  let buffer = "";
  let data = [];
  let event = "";
  let id;
  let sawData = false;

  function dispatch() {
    if (sawData) handlers.onMessage({ id, event: event === "" ? "message" : event, data: data.join("\n") });
    data = [];
    event = "";
    sawData = false;
    // `id` deliberately persists: it is the stream's last event id until a later event sets another.
  }

  function line(text) {
    if (text === "") return dispatch();
    if (text.startsWith(":")) return; // comment / keep-alive
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      data.push(value);
      sawData = true;
    } else if (field === "event") event = value;
    else if (field === "id") {
      if (!value.includes("\0")) id = value;
    } else if (field === "retry" && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  }

  return {
    /** @param {string} chunk */
    push(chunk) {
      buffer += chunk;
      // Lines end with \n, \r\n or \r; a trailing \r may be the first half of \r\n, so keep it.
      for (;;) {
        const match = /\r\n|\n|\r(?!$)/.exec(buffer);
        if (match === null) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
    /** The id of the last event seen (sent back as Last-Event-ID when reconnecting). */
    lastEventId() {
      return id;
    },
  };
}
