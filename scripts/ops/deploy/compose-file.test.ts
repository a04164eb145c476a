import { describe, expect, it } from "vitest";
import { environmentOf, interpolate, InterpolationError, loadComposeFile } from "./compose-file.ts";

describe("interpolate", () => {
  const env = { SET: "v", EMPTY: "" };

  it("when variables are referenced in Compose's forms, then each resolves as Compose resolves it", () => {
    expect(interpolate("$SET ${SET} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $$HOME ${UNSET}.", env)).toBe("v v d d  d $HOME .");
  });

  it("when a required variable is missing, then the error names it with the file's message", () => {
    expect(() => interpolate("${SECRET:?set SECRET please}", env)).toThrow(new InterpolationError("SECRET: set SECRET please"));
    expect(() => interpolate("${EMPTY:?needed}", env)).toThrow(InterpolationError);
    expect(interpolate("${EMPTY?needed}", env)).toBe("");
  });
});

describe("loadComposeFile", () => {
  it("when services share settings through anchors and merge keys, then each service gets the merged environment", () => {
    const doc = loadComposeFile(
      `x-env: &env { A: "1", B: "\${B:-2}" }
services:
  one: { environment: { <<: *env, C: "3" } }
  two: { environment: ["A=x", "D"] }`,
      {},
    );
    expect(environmentOf(doc.services.one!)).toEqual({ A: "1", B: "2", C: "3" });
    expect(environmentOf(doc.services.two!)).toEqual({ A: "x", D: "" });
  });
});
