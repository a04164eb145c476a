export { startSimulator, DEFAULT_LIMITS, DEFAULT_SCOPES, DEFAULT_USER } from "./simulator.ts";
export { generateOrg, GENERATED_BOT, GENERATED_USERS } from "./domain/generate-org.ts";
export type { GenerateOrgOptions } from "./domain/generate-org.ts";
export { generateChat } from "./domain/generate-chat.ts";
export type { GenerateChatOptions, GeneratedChat } from "./domain/generate-chat.ts";
export { channelFor, withChat } from "./domain/chat-builders.ts";
export { DEFAULT_QUIRKS, QUIRK_MODES } from "./domain/quirks.ts";
export type { MessageQuirks, QuirkMode } from "./domain/quirks.ts";
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
  SimHiddenEntry,
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
// The messages window rule alone (no HTTP), for property tests that need many histories fast.
export { ChatLog } from "./domain/chat-log.ts";
export type { MessageWindow, WindowQuirks } from "./domain/chat-log.ts";
