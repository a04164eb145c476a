import { describe, expect, it } from "vitest";
import { decodeEvent, expandEventNames, unprefixed } from "./decode.ts";

const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const requested = {
  jobId: "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e11",
  mappingId: "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e12",
  jobType: "manual",
  requestedAt: "2025-01-01T00:00:00.000Z",
};
const envelope = (type: string, data: unknown) => ({ id: "e1", type, occurredAt: "2025-01-01T00:00:00.000Z", source: "test", data });

describe("decodeEvent", () => {
  it("when the subject and envelope match a contract event, then the typed event is returned", () => {
    const r = decodeEvent("p1", "p1.sync.requested", enc(envelope("sync.requested", requested)));
    expect(r).toEqual({ ok: true, event: { name: "syncRequested", envelope: envelope("sync.requested", requested) } });
  });

  it("when the payload is not JSON, then the problem says so", () => {
    const r = decodeEvent("p1", "p1.sync.requested", new Uint8Array([0xff, 0x00, 0x13]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/^sync\.requested payload is not valid JSON/);
  });

  it("when the data breaks the event schema, then the problem names each bad field", () => {
    const r = decodeEvent("", "sync.requested", enc(envelope("sync.requested", { ...requested, jobId: "nope", jobType: undefined })));
    expect(!r.ok && r.problem).toMatch(/^invalid sync\.requested envelope: data\.jobId: .*; data\.jobType: /);
  });

  it("when the envelope type disagrees with the subject, then it is refused", () => {
    const r = decodeEvent("", "sync.requested", enc(envelope("sync.completed", requested)));
    expect(!r.ok && r.problem).toBe('envelope type "sync.completed" does not match subject sync.requested');
  });

  it("when the subject belongs to no event or another prefix, then it is refused", () => {
    expect(decodeEvent("p1", "p1.sync.bogus", enc({})).ok).toBe(false);
    expect(decodeEvent("p1", "p2.sync.requested", enc(envelope("sync.requested", requested))).ok).toBe(false);
    expect(unprefixed("p1", "p1x.sync.requested")).toBeUndefined();
  });

  it("when syncAny is declared, then it stands for every sync.* event and nothing else", () => {
    expect([...expandEventNames(["syncAny"])].sort()).toEqual(["syncCompleted", "syncFailed", "syncProgress", "syncRequested", "syncStarted"]);
  });
});
