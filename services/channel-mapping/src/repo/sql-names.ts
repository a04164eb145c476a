// Raw SQL needs schema-qualified names: adapter-pg applies the configured schema (DB_SCHEMA) to
// Prisma's model queries only, not to $executeRaw, and enum types live in that schema too.
import { Prisma } from "@cliq/db";

export type SqlNames = {
  jobs: Prisma.Sql;
  mappings: Prisma.Sql;
  jobStatus: Prisma.Sql;
  jobType: Prisma.Sql;
  syncStatus: Prisma.Sql;
};

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function sqlNames(schema: string | undefined): SqlNames {
  if (schema !== undefined && !IDENT.test(schema)) throw new Error(`invalid database schema name ${JSON.stringify(schema)}`);
  const q = (name: string) => Prisma.raw(schema === undefined ? `"${name}"` : `"${schema}"."${name}"`);
  return {
    jobs: q("zoho_sync_jobs"),
    mappings: q("zoho_channel_mappings"),
    jobStatus: q("zoho_job_status"),
    jobType: q("zoho_job_type"),
    syncStatus: q("zoho_sync_status"),
  };
}
