import { describe, expect, it } from "vitest";
import { optionsFromEnv } from "./main-env.ts";

describe("optionsFromEnv", () => {
  it("when no SIM_ variable is set, then the defaults apply: port 4600, no quirk or limit changed", () => {
    const r = optionsFromEnv({ PATH: "/bin" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options).toMatchObject({ port: 4600, host: "127.0.0.1", quirks: {}, limits: {} });
    expect(r.options.data?.channels).toHaveLength(7);
  });

  it("when every quirk variable is set, then each lands on its quirk, and the throttle variables on the limits", () => {
    const r = optionsFromEnv({
      SIM_HIDDEN_ENTRIES: "off", SIM_BOUNDS: "exclusive", SIM_FROMTIME_WINDOW: "oldest", SIM_PAGE_ORDER: "desc", SIM_TIME_FORMAT: "string",
      SIM_LIMIT_ABOVE_100: "honour", SIM_CHANNEL_TIMES: "iso", SIM_COUNTS: "number", SIM_THROTTLE_STATUS: "429", SIM_LOCK_MS: "5000",
    });
    expect(r.ok && r.options).toMatchObject({
      quirks: { hiddenEntries: false, bounds: "exclusive", fromtimeWindow: "oldest", pageOrder: "desc", timeFormat: "string", limitAbove100: "honour", channelTimes: "iso", counts: "number" },
      limits: { throttleStatus: 429, lockMs: 5000 },
    });
  });

  it("when SIM_HIDDEN_RATE is 0, then the generated org has no hidden entries; an empty variable counts as unset", () => {
    const r = optionsFromEnv({ SIM_HIDDEN_RATE: "0", SIM_TIE_RATE: "0.5", SIM_MESSAGES: "400", SIM_BOUNDS: "" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.values(r.options.data?.hidden ?? {}).flat()).toEqual([]);
    expect(r.options.quirks).toEqual({});
  });

  it.each([
    ["SIM_HIDDEN_ENTRIES", "yes", '"on"|"off"'],
    ["SIM_BOUNDS", "open", '"inclusive"|"exclusive"'],
    ["SIM_THROTTLE_STATUS", "503", '"400"|"429"'],
    ["SIM_LOCK_MS", "-1", ">=0"],
    ["SIM_HIDDEN_RATE", "0.95", "<=0.6"],
  ])("when %s is %s, then it is refused with a message naming the variable and what it expects", (name, value, expects) => {
    const r = optionsFromEnv({ [name]: value });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(`at ${name}`);
    expect(r.message).toContain(expects);
  });
});
