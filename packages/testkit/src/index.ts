export * from "./db.ts";
export * from "./infra.ts";
export * from "./nats.ts";
