import { describe, expect, it } from "vitest";
import { bodyLines, normaliseLineBreaks, sanitiseSenderName } from "./lines.ts";

describe("line breaks", () => {
  it("when text has CRLF, CR or Unicode line separators, then each becomes one \\n", () => {
    expect(normaliseLineBreaks("a\r\nb\rc\u2028d\u2029e\u0085f")).toBe("a\nb\nc\nd\ne\nf");
  });

  it("when text has control characters, then they are dropped but tabs stay", () => {
    expect(normaliseLineBreaks("a\u0000b\u0007c\td\u001b")).toBe("abc\td");
  });

  it("when a body has blank lines at its start or end, then they are dropped and inner blank lines kept", () => {
    expect(bodyLines("\n  \nfirst\n\nthird\n\n \n")).toEqual(["first", "", "third"]);
  });

  it("when a body is only whitespace, then it has no lines", () => {
    expect(bodyLines(" \n\t\n")).toEqual([]);
  });
});

describe("sanitiseSenderName", () => {
  it("when a name contains colons, then they become spaces so the sender ends at the first ': '", () => {
    expect(sanitiseSenderName("Support: Tier 2", "1")).toBe("Support Tier 2");
    expect(sanitiseSenderName("a:b", "1")).toBe("a b");
    expect(sanitiseSenderName("全角：名前", "1")).toBe("全角 名前");
  });

  it("when a name contains line breaks or tabs, then it becomes one line", () => {
    expect(sanitiseSenderName("Jane\nDoe\r\n\tJr", "1")).toBe("Jane Doe Jr");
  });

  it("when a name is in another script or has emoji, then it is kept as is", () => {
    expect(sanitiseSenderName("Zoë Ångström", "1")).toBe("Zoë Ångström");
    expect(sanitiseSenderName("محمد علي", "1")).toBe("محمد علي");
    expect(sanitiseSenderName("Ops 👨‍👩‍👧‍👦 Bot", "1")).toBe("Ops 👨‍👩‍👧‍👦 Bot");
  });

  it("when a name is empty after cleaning, then the sender id stands in", () => {
    expect(sanitiseSenderName(" : ", "55743307")).toBe("Unknown (55743307)");
    expect(sanitiseSenderName("", "")).toBe("Unknown");
  });
});
