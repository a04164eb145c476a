// Everything the route modules share, passed explicitly (no module-level state).
import type { FaultPlan } from "../domain/fault-plan.ts";
import type { OrgState } from "../domain/org-state.ts";
import type { MessageQuirks } from "../domain/quirks.ts";
import type { EndpointRateLimiter } from "../domain/rate-limiter.ts";
import type { TokenStore } from "../domain/token-store.ts";
import type { DataCentre, RateLimitConfig, SimClock, Simulator, SimulatorCounters } from "../types.ts";

export type SimContext = {
  clock: SimClock;
  limits: () => RateLimitConfig;
  quirks: () => MessageQuirks;
  tokens: TokenStore;
  limiter: EndpointRateLimiter;
  org: OrgState;
  counters: () => SimulatorCounters;
  faults: FaultPlan;
  user: { id: string; name: string; email: string };
  clientId: string;
  clientSecret: string;
  /** undefined: any http(s) redirect URI is accepted */
  redirectUris: readonly string[] | undefined;
  dataCentres: () => Record<string, DataCentre>;
};

/** the Simulator methods that the /_sim/ admin routes also offer over HTTP */
export type SimControls = Pick<
  Simulator,
  "setLimits" | "limits" | "setQuirks" | "quirks" | "throttleNow" | "faults" | "revokeAllTokens" | "addMessages" | "addHiddenEntries"
>;
