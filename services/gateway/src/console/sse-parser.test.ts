import { describe, expect, it } from "vitest";
import { createSseParser, type SseMessage } from "../../public/js/sse-parser.js";

function parse(chunks: string[]): { messages: SseMessage[]; retries: number[]; lastId: string | undefined } {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const p = createSseParser({ onMessage: (m) => messages.push(m), onRetry: (ms) => retries.push(ms) });
  for (const c of chunks) p.push(c);
  return { messages, retries, lastId: p.lastEventId() };
}

describe("the console's event-stream parser", () => {
  it("when an event arrives split across chunks, then it is delivered once, whole, with its id", () => {
    const { messages, lastId } = parse(["id: 7\nevent: sync.st", 'arted\ndata: {"a":', "1}\n", "\n"]);
    expect(messages).toEqual([{ id: "7", event: "sync.started", data: '{"a":1}' }]);
    expect(lastId).toBe("7");
  });

  it("when lines end with CRLF or CR, then they are split the same way, even across chunks", () => {
    const { messages } = parse(["data: one\r", "\ndata: two\r\r", "data: three\r\n\r\n"]);
    expect(messages.map((m) => m.data)).toEqual(["one\ntwo", "three"]);
  });

  it("when comments, keep-alives and a retry hint come, then only real events are delivered and the hint is reported", () => {
    const { messages, retries } = parse([": keep-alive\n\n", "retry: 3000\n\n", "data: x\n\n", "retry: soon\n\n"]);
    expect(messages).toEqual([{ id: undefined, event: "message", data: "x" }]);
    expect(retries).toEqual([3000]);
  });

  it("when an event is not yet terminated by a blank line, then nothing is delivered", () => {
    expect(parse(["id: 1\ndata: half"]).messages).toEqual([]);
  });

  it("when a later event has no id, then the last event id stays the previous one (it is what a reconnect resumes from)", () => {
    const { messages, lastId } = parse(["id: 5\ndata: a\n\ndata: b\n\n"]);
    expect(messages.map((m) => m.id)).toEqual(["5", "5"]);
    expect(lastId).toBe("5");
  });
});
