import { describe, expect, it } from "vitest";
import { formatEventId, parseEventId, startSequence } from "./positions.ts";

describe("live event ids", () => {
  it("when an id is formatted, then parsing it gives both positions back", () => {
    const id = formatEventId({ sync: 1234, mapping: 56 });
    expect(id).toBe("sync:1234,mapping:56");
    expect(parseEventId(id)).toEqual({ sync: 1234, mapping: 56 });
  });

  it("when the parts come in another order or with spaces, then they are still read", () => {
    expect(parseEventId("mapping:3, sync:9")).toEqual({ sync: 9, mapping: 3 });
  });

  it.each(["", "sync:1", "mapping:1", "sync:1,sync:2", "sync:-1,mapping:0", "sync:1,mapping:x", "auth:1,sync:1,mapping:1", "sync:1;mapping:2", `sync:${"9".repeat(16)},mapping:1`])(
    "when the id is %j, then it is refused",
    (raw) => {
      expect(parseEventId(raw)).toBeUndefined();
    },
  );
});

describe("where a stream is resumed", () => {
  it("when the subscriber saw seq 10 of 1..20, then it resumes at 11", () => {
    expect(startSequence(10, { firstSeq: 1, lastSeq: 20 })).toBe(11);
  });

  it("when the subscriber is caught up, then it waits for the next sequence", () => {
    expect(startSequence(20, { firstSeq: 1, lastSeq: 20 })).toBe(21);
  });

  it("when the position is past the end (stream recreated), then it starts at the end", () => {
    expect(startSequence(500, { firstSeq: 1, lastSeq: 20 })).toBe(21);
  });

  it("when the seen messages aged out, then it starts at the oldest stored one", () => {
    expect(startSequence(3, { firstSeq: 10, lastSeq: 20 })).toBe(10);
  });

  it("when the stream is empty, then it starts at 1", () => {
    expect(startSequence(0, { firstSeq: 0, lastSeq: 0 })).toBe(1);
  });
});
