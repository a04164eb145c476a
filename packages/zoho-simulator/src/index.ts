export { startSimulator, DEFAULT_LIMITS, DEFAULT_SCOPES, DEFAULT_USER } from "./simulator.ts";
export { generateOrg, GENERATED_BOT, GENERATED_USERS } from "./domain/generate-org.ts";
export type { GenerateOrgOptions } from "./domain/generate-org.ts";
export type {
  DataCentre,
  EndpointClass,
  FaultEndpoint,
  FaultRule,
  GeneratedOrg,
  RateLimitConfig,
  RateLimitPatch,
  RequestClass,
  SimChannel,
  SimClock,
  SimFile,
  SimLastMessageInfo,
  SimMessage,
  SimMessageContent,
  SimMessageType,
  SimThreadInformation,
  SimUser,
  Simulator,
  SimulatorCounters,
  SimulatorOptions,
} from "./types.ts";
export { createPrng, type Prng } from "./domain/prng.ts";
