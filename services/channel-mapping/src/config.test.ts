import { zohoBudgetId } from "@cliq/zoho-limiter";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@cliq/runtime";
import { configSchema, limiterIdFor } from "./config.ts";

describe("channel-mapping configuration", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    const c = loadConfig(configSchema, {});
    expect(c).toMatchObject({ CHANNEL_CACHE_TTL_MS: 60_000, DEFAULT_BACKFILL_DAYS: 0, CHANNELS_PER_MINUTE: 30, MESSAGES_PER_MINUTE: 15, CHANNEL_PAGE_SIZE: 100 });
    expect(limiterIdFor(c)).toBe(zohoBudgetId(""));
  });

  it("when durations carry units, then they are read as milliseconds", () => {
    expect(loadConfig(configSchema, { CHANNEL_CACHE_TTL_MS: "2m" }).CHANNEL_CACHE_TTL_MS).toBe(120_000);
  });

  it("when a value is out of range, then the error names the variable and what it must be", () => {
    const load = () => loadConfig(configSchema, { CHANNEL_PAGE_SIZE: "500", DEFAULT_BACKFILL_DAYS: "-1" });
    expect(load).toThrow(/CHANNEL_PAGE_SIZE must be an integer between 1 and 100 \(got "500"\)/);
    expect(load).toThrow(/DEFAULT_BACKFILL_DAYS must be an integer between 0 and 3650/);
  });

  it("when a subject prefix is set, then the shared Zoho budget is named after it unless an id is given", () => {
    expect(limiterIdFor(loadConfig(configSchema, { SUBJECT_PREFIX: "staging" }))).toBe(zohoBudgetId("staging"));
    expect(limiterIdFor(loadConfig(configSchema, { SUBJECT_PREFIX: "staging", ZOHO_LIMITER_ID: "org-1" }))).toBe("org-1");
  });
});
