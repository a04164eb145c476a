// The Prisma client for the app (engine-less JS client through adapter-pg; see STACK.md).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export * from "./generated/client.ts";

export type Db = PrismaClient;

export type DbOptions = {
  connectionString: string;
  /** PostgreSQL schema; adapter-pg ignores `?schema=` in the URL, so it is passed here. */
  schema?: string;
  maxConnections?: number;
};

export function createDb(opts: DbOptions): PrismaClient {
  const adapter = new PrismaPg(
    { connectionString: opts.connectionString, max: opts.maxConnections ?? 10 },
    opts.schema === undefined ? undefined : { schema: opts.schema },
  );
  return new PrismaClient({ adapter });
}
