// Injected faults, matched before normal handling. Latency rules stack (every matching one
// delays); the first matching non-latency rule answers the request. `rate` draws from a
// seeded PRNG so a run with faults is reproducible.
import { z } from "zod";
import type { FaultRule, RequestClass } from "../types.ts";
import { createPrng, type Prng } from "./prng.ts";

const FAULT_SEED = 0x5eed;

export const faultRuleSchema = z
  .object({
    endpoint: z.enum(["messages", "channels", "channel", "token", "revoke", "any"]),
    kind: z.enum(["latency", "status5xx", "timeout", "malformedJson", "errorBody200", "htmlError", "throttle", "unauthorized"]),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    status: z.number().int().min(500).max(599).optional(),
    times: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((r) => r.kind !== "latency" || r.latencyMs !== undefined, { message: "a latency fault needs latencyMs", path: ["latencyMs"] });

type ActiveRule = { rule: FaultRule; remaining: number };

export type FaultMatch = { latencyMs: number; fault?: FaultRule };

export class FaultPlan {
  #rules: ActiveRule[] = [];
  #prng: Prng = createPrng(FAULT_SEED);

  inject(rule: FaultRule): void {
    const parsed = faultRuleSchema.safeParse(rule);
    if (!parsed.success) throw new Error(`faults.inject: ${z.prettifyError(parsed.error)}`);
    this.#rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
    this.#prng = createPrng(FAULT_SEED);
  }

  match(cls: RequestClass | "other"): FaultMatch {
    const result: FaultMatch = { latencyMs: 0 };
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.remaining <= 0 || (rule.endpoint !== "any" && rule.endpoint !== cls)) continue;
      if (rule.kind !== "latency" && result.fault) continue;
      if (rule.rate !== undefined && !(this.#prng.next() < rule.rate)) continue;
      active.remaining -= 1;
      if (rule.kind === "latency") result.latencyMs += rule.latencyMs ?? 0;
      else result.fault = rule;
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return result;
  }
}
