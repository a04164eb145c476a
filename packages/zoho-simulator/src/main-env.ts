// The environment of `npm start` as simulator options. Every quirk and the generator's rates
// have a variable so a person can reproduce a client failure under one answer of the
// reference's open questions without writing code. Bad values are refused naming the variable.
import { z } from "zod";
import { DEFAULT_HIDDEN_RATE, DEFAULT_TIE_RATE } from "./domain/generate-chat.ts";
import { generateOrg } from "./domain/generate-org.ts";
import type { MessageQuirks } from "./domain/quirks.ts";
import { MAX_HIDDEN_RATE } from "./domain/timeline.ts";
import type { RateLimitPatch, SimulatorOptions } from "./types.ts";

const list = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""));

const envSchema = z.object({
  SIM_PORT: z.coerce.number().int().min(0).max(65_535).default(4600),
  SIM_HOST: z.string().min(1).default("127.0.0.1"),
  SIM_SEED: z.coerce.number().int().default(1),
  SIM_CHANNELS: z.coerce.number().int().min(0).default(6),
  SIM_MESSAGES: z.coerce.number().int().min(0).default(240),
  SIM_LOCATIONS: list.optional(),
  SIM_CLIENT_ID: z.string().min(1).optional(),
  SIM_CLIENT_SECRET: z.string().min(1).optional(),
  SIM_REDIRECT_URIS: list.optional(),
  SIM_HIDDEN_RATE: z.coerce.number().min(0).max(MAX_HIDDEN_RATE).default(DEFAULT_HIDDEN_RATE),
  SIM_TIE_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_TIE_RATE),
  SIM_HIDDEN_ENTRIES: z.enum(["on", "off"]).optional(),
  SIM_BOUNDS: z.enum(["inclusive", "exclusive"]).optional(),
  SIM_FROMTIME_WINDOW: z.enum(["newest", "oldest"]).optional(),
  SIM_PAGE_ORDER: z.enum(["asc", "desc"]).optional(),
  SIM_TIME_FORMAT: z.enum(["as-stored", "number", "string"]).optional(),
  SIM_LIMIT_ABOVE_100: z.enum(["clamp", "honour"]).optional(),
  SIM_CHANNEL_TIMES: z.enum(["as-stored", "ms", "iso"]).optional(),
  SIM_COUNTS: z.enum(["as-stored", "string", "number"]).optional(),
  SIM_THROTTLE_STATUS: z.enum(["400", "429"]).transform((s) => (s === "429" ? 429 : 400)).optional(),
  SIM_LOCK_MS: z.coerce.number().int().min(0).optional(),
});

export type EnvResult = { ok: true; options: SimulatorOptions } | { ok: false; message: string };

export function optionsFromEnv(env: NodeJS.ProcessEnv): EnvResult {
  // an empty variable counts as unset, as in `SIM_BOUNDS= npm start`
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("SIM_") && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) return { ok: false, message: `zoho-simulator: bad environment\n${z.prettifyError(parsed.error)}` };
  const e = parsed.data;
  const options: SimulatorOptions = {
    port: e.SIM_PORT,
    host: e.SIM_HOST,
    data: generateOrg({ seed: e.SIM_SEED, channels: e.SIM_CHANNELS, messagesPerChannel: e.SIM_MESSAGES, hiddenRate: e.SIM_HIDDEN_RATE, tieRate: e.SIM_TIE_RATE }),
  };
  if (e.SIM_LOCATIONS) options.locations = e.SIM_LOCATIONS;
  if (e.SIM_CLIENT_ID) options.clientId = e.SIM_CLIENT_ID;
  if (e.SIM_CLIENT_SECRET) options.clientSecret = e.SIM_CLIENT_SECRET;
  if (e.SIM_REDIRECT_URIS) options.redirectUris = e.SIM_REDIRECT_URIS;
  const quirks: Partial<MessageQuirks> = {};
  if (e.SIM_HIDDEN_ENTRIES) quirks.hiddenEntries = e.SIM_HIDDEN_ENTRIES === "on";
  if (e.SIM_BOUNDS) quirks.bounds = e.SIM_BOUNDS;
  if (e.SIM_FROMTIME_WINDOW) quirks.fromtimeWindow = e.SIM_FROMTIME_WINDOW;
  if (e.SIM_PAGE_ORDER) quirks.pageOrder = e.SIM_PAGE_ORDER;
  if (e.SIM_TIME_FORMAT) quirks.timeFormat = e.SIM_TIME_FORMAT;
  if (e.SIM_LIMIT_ABOVE_100) quirks.limitAbove100 = e.SIM_LIMIT_ABOVE_100;
  if (e.SIM_CHANNEL_TIMES) quirks.channelTimes = e.SIM_CHANNEL_TIMES;
  if (e.SIM_COUNTS) quirks.counts = e.SIM_COUNTS;
  options.quirks = quirks;
  const limits: RateLimitPatch = {};
  if (e.SIM_THROTTLE_STATUS !== undefined) limits.throttleStatus = e.SIM_THROTTLE_STATUS;
  if (e.SIM_LOCK_MS !== undefined) limits.lockMs = e.SIM_LOCK_MS;
  options.limits = limits;
  return { ok: true, options };
}
