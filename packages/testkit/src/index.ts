export * from "./db.ts";
export * from "./infra.ts";
