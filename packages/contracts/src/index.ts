export * from "./common.ts";
export * from "./commands.ts";
export * from "./envelope.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./streams.ts";
export * from "./subjects.ts";
