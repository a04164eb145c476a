// A minimal Server-Sent Events reader over a real HTTP connection (undici), for tests that check
// what a browser's EventSource would receive: events with id/event/data, and comment lines.
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";

export type SseEvent = { id: string | undefined; event: string; data: string };

export type SseStream = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  events: SseEvent[];
  comments: string[];
  /** Waits until `count` events matching `match` arrived (or throws after timeoutMs). */
  waitFor(match: (e: SseEvent) => boolean, count?: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** The body as text, for a stream that is not event-stream (an error answer). */
  text(): Promise<string>;
  close(): void;
};

export async function openEventStream(url: string, headers: Record<string, string>): Promise<SseStream> {
  const controller = new AbortController();
  const res = await request(url, { method: "GET", headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const isStream = String(res.headers["content-type"] ?? "").startsWith("text/event-stream");
  let ended = false;

  if (isStream) {
    void (async () => {
      let buffer = "";
      try {
        for await (const chunk of res.body) {
          buffer += (chunk as Buffer).toString("utf8");
          let cut: number;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const fields: Record<string, string> = {};
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) comments.push(line.slice(1).trim());
              const m = /^([a-z]+): ?(.*)$/.exec(line);
              if (m !== null) fields[m[1] as string] = fields[m[1] as string] === undefined ? (m[2] as string) : `${fields[m[1] as string]}\n${m[2]}`;
            }
            if (fields.data !== undefined) events.push({ id: fields.id, event: fields.event ?? "message", data: fields.data });
          }
        }
      } catch {
        // aborted by close()
      } finally {
        ended = true;
      }
    })();
  }

  return {
    status: res.statusCode,
    headers: res.headers,
    events,
    comments,
    async waitFor(match, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.filter(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline || ended) throw new Error(`waited for ${count} events, got ${found.length}: ${JSON.stringify(events.map((e) => e.event))}`);
        await sleep(20);
      }
    },
    text: () => res.body.text(),
    close: () => controller.abort(),
  };
}
