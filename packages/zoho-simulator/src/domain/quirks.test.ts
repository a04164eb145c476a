import { describe, expect, it } from "vitest";
import { DEFAULT_QUIRKS, mergeQuirks, QUIRK_MODES } from "./quirks.ts";

describe("quirks", () => {
  it("when nothing is set, then the defaults are the observed behaviours", () => {
    expect(DEFAULT_QUIRKS).toEqual({
      hiddenEntries: true, bounds: "inclusive", fromtimeWindow: "newest", pageOrder: "asc",
      timeFormat: "as-stored", limitAbove100: "clamp", channelTimes: "as-stored", counts: "as-stored",
    });
  });

  it("when a patch is merged, then only its keys change and the base is untouched", () => {
    const merged = mergeQuirks(DEFAULT_QUIRKS, { bounds: "exclusive" });
    expect(merged).toEqual({ ...DEFAULT_QUIRKS, bounds: "exclusive" });
    expect(DEFAULT_QUIRKS.bounds).toBe("inclusive");
  });

  it("when a patch has a bad value or an unknown key, then it throws naming the key", () => {
    expect(() => mergeQuirks(DEFAULT_QUIRKS, { bounds: "open" } as never)).toThrow(/bounds/);
    expect(() => mergeQuirks(DEFAULT_QUIRKS, { pageSize: 5 } as never)).toThrow(/pageSize/);
  });

  it("when listing modes, then there is the default plus one per switch, each a valid patch flipping one thing", () => {
    expect(QUIRK_MODES.map((m) => m.name)).toEqual([
      "default", "no-hidden-entries", "exclusive-bounds", "fromtime-oldest", "page-desc", "time-string", "time-number",
      "limit-honoured", "throttle-429", "channel-times-ms", "channel-times-iso", "counts-number",
    ]);
    for (const mode of QUIRK_MODES) {
      const changed = Object.keys(mode.quirks).length + Object.keys(mode.limits ?? {}).length;
      expect(changed).toBe(mode.name === "default" ? 0 : 1);
      expect(() => mergeQuirks(DEFAULT_QUIRKS, mode.quirks)).not.toThrow();
    }
    expect(QUIRK_MODES.find((m) => m.name === "throttle-429")).toEqual({ name: "throttle-429", quirks: {}, limits: { throttleStatus: 429 } });
  });
});
