// Runs the sink on its own (`npm start` uses it when no real INGEST_URL is configured).
import { z } from "zod";
import { DEFAULT_SINK_TOKEN, startIngestSink } from "./sink.ts";

const envSchema = z.object({
  SINK_PORT: z.coerce.number().int().min(0).max(65_535).default(4700),
  SINK_HOST: z.string().min(1).default("127.0.0.1"),
  SINK_TOKEN: z.string().min(1).default(DEFAULT_SINK_TOKEN),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(`ingest-sink: invalid environment\n${z.prettifyError(parsed.error)}`);
  process.exit(1);
}

const sink = await startIngestSink({ port: parsed.data.SINK_PORT, host: parsed.data.SINK_HOST, token: parsed.data.SINK_TOKEN });
process.stdout.write(`ingest-sink listening: POST ${sink.url} (bearer token from SINK_TOKEN); transcripts at ${sink.baseUrl}/\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    sink.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("ingest-sink: error while closing", err);
        process.exit(1);
      },
    );
  });
}
