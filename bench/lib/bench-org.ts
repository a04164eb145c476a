// The Zoho organisations the benchmarks serve. The gateway benchmark's is generated deterministically, so the parent
// (which seeds mappings to its channels) and the channel-mapping child (which serves it through
// the simulator) build the same list without passing it around.
import { generateOrg, type GeneratedOrg } from "@cliq/zoho-simulator";

export const BENCH_ORG_OPTIONS = { seed: 7, channels: 300, messagesPerChannel: 0 } as const;

export function benchOrg(): GeneratedOrg {
  return generateOrg(BENCH_ORG_OPTIONS);
}

/**
 * The sync benchmark's daily sweep: 10,000 readable channels with 3 messages each (generated in
 * about a second; the never-opened channel generateOrg adds is left out, so the channel list is
 * exactly 100 pages of 100).
 */
export function sweepOrg(channels = 10_000): GeneratedOrg {
  const org = generateOrg({ seed: 11, channels, messagesPerChannel: 3 });
  org.channels = org.channels.filter((c) => c.chat_id !== null);
  return org;
}
