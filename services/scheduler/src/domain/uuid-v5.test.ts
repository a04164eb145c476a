import { describe, expect, it } from "vitest";
import { scheduledJobId, uuidV5 } from "./uuid-v5.ts";

const DNS = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
const URL_NS = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
const MAPPING = "11111111-1111-4111-8111-111111111111";

describe("uuidV5", () => {
  it("when given the RFC/Python reference inputs, then it returns the reference UUIDs", () => {
    // python3: uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com") and NAMESPACE_URL with a non-ASCII name
    expect(uuidV5("www.example.com", DNS)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(uuidV5("https://example.com/ü", URL_NS)).toBe("a17f7a1d-6bb5-51a9-9d32-f9d2fdeec8b6");
  });

  it("when the namespace is not a UUID, then the error names it", () => {
    expect(() => uuidV5("x", "not-a-uuid")).toThrow(/namespace must be a UUID \(got "not-a-uuid"\)/);
  });
});

describe("scheduledJobId", () => {
  const slot = new Date("2025-01-06T02:00:00.000Z");

  it("when the same mapping and slot are given twice, then the job id is the same", () => {
    expect(scheduledJobId(MAPPING, slot)).toBe(scheduledJobId(MAPPING, new Date(slot.getTime())));
    // python3: uuid.uuid5(UUID("9a3c5e2e-…"), "<mapping>/2025-01-06T02:00:00.000Z")
    expect(scheduledJobId(MAPPING, slot)).toBe("c68477ec-d6a6-57f3-9f78-6933b37bd210");
  });

  it("when the slot or the mapping differs, then the job id differs", () => {
    const other = scheduledJobId(MAPPING, new Date("2025-01-07T02:00:00.000Z"));
    expect(other).not.toBe(scheduledJobId(MAPPING, slot));
    expect(scheduledJobId("22222222-2222-4222-8222-222222222222", slot)).not.toBe(scheduledJobId(MAPPING, slot));
  });

  it("when a job id is made, then it is a version-5 RFC 4122 UUID", () => {
    expect(scheduledJobId(MAPPING, slot)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
