// Rate-limit configuration (doc §3.1, §3.2, §1.6): the defaults and a validated patch, shared
// by startSimulator, sim.setLimits and PATCH /_sim/limits.
import { z } from "zod";
import type { RateLimitConfig, RateLimitPatch } from "../types.ts";

export const DEFAULT_LIMITS: RateLimitConfig = {
  perMinute: { messages: 15, channels: 30, channel: 30 },
  lockMs: 600_000,
  throttleStatus: 400,
  windowMs: 60_000,
  tokenRefreshPer10Min: 10,
  tokenThrottleStatus: 200,
};

export const limitsPatchSchema = z
  .object({
    perMinute: z.object({ messages: z.number().int().min(1), channels: z.number().int().min(1), channel: z.number().int().min(1) }).partial().strict(),
    lockMs: z.number().int().min(0),
    throttleStatus: z.union([z.literal(400), z.literal(429)]),
    windowMs: z.number().int().min(1),
    tokenRefreshPer10Min: z.number().int().min(1),
    tokenThrottleStatus: z.union([z.literal(200), z.literal(400)]),
  })
  .partial()
  .strict();

/** base with a validated patch applied; throws naming the bad field, leaving base untouched. */
export function mergeLimits(base: RateLimitConfig, patch: RateLimitPatch): RateLimitConfig {
  const parsed = limitsPatchSchema.safeParse(patch);
  if (!parsed.success) throw new Error(`simulator limits: ${z.prettifyError(parsed.error)}`);
  const { perMinute = {}, ...rest } = parsed.data;
  const merged: RateLimitConfig = { ...base, perMinute: { ...base.perMinute } };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) Object.assign(merged, { [k]: v });
  for (const cls of ["messages", "channels", "channel"] as const) merged.perMinute[cls] = perMinute[cls] ?? merged.perMinute[cls];
  return merged;
}
