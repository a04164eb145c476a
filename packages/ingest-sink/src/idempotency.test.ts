import { describe, expect, it } from "vitest";
import { decideReplay, fingerprint } from "./idempotency.ts";

describe("idempotency decisions", () => {
  it("when the same JSON arrives with keys in another order, then the fingerprint is the same", () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2], d: "x" } })).toBe(fingerprint({ b: { d: "x", c: [1, 2] }, a: 1 }));
  });

  it("when a value differs, then the fingerprint differs", () => {
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
    expect(fingerprint({ a: "1" })).not.toBe(fingerprint({ a: 1 }));
  });

  it("when a key was never answered, then the request is new", () => {
    expect(decideReplay(undefined, "f")).toEqual({ kind: "new" });
  });

  it("when a key was answered for the same body, then the stored answer is replayed", () => {
    const answer = { fingerprint: "f", status: 201, body: { accepted: true } };
    expect(decideReplay(answer, "f")).toEqual({ kind: "replay", answer });
  });

  it("when a key was answered for another body, then it is a conflict", () => {
    expect(decideReplay({ fingerprint: "f", status: 201, body: {} }, "g")).toEqual({ kind: "conflict" });
  });
});
