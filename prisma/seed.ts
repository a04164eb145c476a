// `npm run db:seed`: creates (or keeps) the demo client and its rooms.
import { createDb } from "@cliq/db";
import { DEMO_CLIENT, DEMO_ROOMS } from "./seed-data.ts";

export async function seedDemo(db: ReturnType<typeof createDb>): Promise<void> {
  await db.client.upsert({ where: { id: DEMO_CLIENT.id }, create: DEMO_CLIENT, update: { name: DEMO_CLIENT.name } });
  for (const room of DEMO_ROOMS) {
    await db.room.upsert({
      where: { id: room.id },
      create: { ...room, clientId: DEMO_CLIENT.id },
      update: { name: room.name, kind: room.kind },
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cliq_sync";
  const db = createDb({ connectionString: url, ...(process.env.DB_SCHEMA ? { schema: process.env.DB_SCHEMA } : {}) });
  try {
    await seedDemo(db);
    process.stderr.write(`seeded ${DEMO_CLIENT.name} with ${DEMO_ROOMS.length} rooms\n`);
  } finally {
    await db.$disconnect();
  }
}
