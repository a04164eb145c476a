// The Zoho organisation the gateway benchmark serves: generated deterministically, so the parent
// (which seeds mappings to its channels) and the channel-mapping child (which serves it through
// the simulator) build the same list without passing it around.
import { generateOrg, type GeneratedOrg } from "@cliq/zoho-simulator";

export const BENCH_ORG_OPTIONS = { seed: 7, channels: 300, messagesPerChannel: 0 } as const;

export function benchOrg(): GeneratedOrg {
  return generateOrg(BENCH_ORG_OPTIONS);
}
