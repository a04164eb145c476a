// Prisma CLI configuration (the CLI process only; the app builds its own client in @cliq/db).
// Offline-safe setup from STACK.md: the JS engine through adapter-pg, no binary downloads.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// Workaround for prisma/orm#27403: the wasm schema engine reads catalog columns of type `name`
// (OID 19) and `"char"` (OID 18) that adapter-pg cannot deserialize; report them as `text`.
const TEXT_OID = 25;
const proto = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
const addFields = proto.addFields;
proto.addFields = function patched(fields) {
  for (const f of fields) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = TEXT_OID;
  addFields.call(this, fields);
};

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/cliq_sync";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
});
