// Request, throttle and grant counts that tests and benchmarks read back.
import type { SimulatorCounters } from "../types.ts";

export function emptyCounters(): SimulatorCounters {
  return {
    requests: { messages: 0, channels: 0, channel: 0, token: 0, revoke: 0, authorize: 0 },
    throttles: { messages: 0, channels: 0, channel: 0, token: 0 },
    tokenGrants: { authorization_code: 0, refresh_token: 0 },
  };
}
