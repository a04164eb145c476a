import { sharedBudgetOptions, zohoBudgetId } from "@cliq/zoho-limiter";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@cliq/runtime";
import { configSchema } from "./config.ts";
import { configSchema as workerConfigSchema } from "../../sync-worker/src/config.ts";

describe("channel-mapping configuration", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    const c = loadConfig(configSchema, {});
    expect(c).toMatchObject({ CHANNEL_CACHE_TTL_MS: 60_000, DEFAULT_BACKFILL_DAYS: 0, ZOHO_CHANNELS_PER_MINUTE: 30, ZOHO_MESSAGES_PER_MINUTE: 15, CHANNEL_PAGE_SIZE: 100 });
    expect(sharedBudgetOptions(c).id).toBe(zohoBudgetId(""));
  });

  it("when durations carry units, then they are read as milliseconds", () => {
    expect(loadConfig(configSchema, { CHANNEL_CACHE_TTL_MS: "2m" }).CHANNEL_CACHE_TTL_MS).toBe(120_000);
  });

  it("when a value is out of range, then the error names the variable and what it must be", () => {
    const load = () => loadConfig(configSchema, { CHANNEL_PAGE_SIZE: "500", DEFAULT_BACKFILL_DAYS: "-1" });
    expect(load).toThrow(/CHANNEL_PAGE_SIZE must be an integer between 1 and 100 \(got "500"\)/);
    expect(load).toThrow(/DEFAULT_BACKFILL_DAYS must be an integer between 0 and 3650/);
  });

  it("when the same environment reaches channel-mapping and sync-worker, then both write the same shared budget to Redis", () => {
    const env = { SUBJECT_PREFIX: "staging", ZOHO_CONNECTION: "org-1", ZOHO_MESSAGES_PER_MINUTE: "12", ZOHO_RATE_WINDOW_MS: "30s", INGEST_URL: "http://sink/ingest", INGEST_TOKEN: "t" };
    const mapping = sharedBudgetOptions(loadConfig(configSchema, env));
    expect(mapping).toEqual(sharedBudgetOptions(loadConfig(workerConfigSchema, env)));
    expect(mapping).toMatchObject({ id: zohoBudgetId("staging", "org-1"), budgets: { messages: { perWindow: 12, windowMs: 30_000 } } });
  });

  it("when a variable of the old names is still set, then start-up stops naming its replacement", () => {
    const load = () => loadConfig(configSchema, { MESSAGES_PER_MINUTE: "15", ZOHO_LIMITER_ID: "-:system" });
    expect(load).toThrow(/MESSAGES_PER_MINUTE must be unset: it was renamed to ZOHO_MESSAGES_PER_MINUTE/);
    expect(load).toThrow(/ZOHO_LIMITER_ID must be unset: it was renamed to ZOHO_CONNECTION/);
  });
});
