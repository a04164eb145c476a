export { startIngestSink, DEFAULT_SINK_TOKEN, type IngestSink, type IngestSinkOptions } from "./sink.ts";
export { ingestBodySchema, type IngestBody } from "./ingest-body.ts";
export type { IngestRecord } from "./sink-state.ts";
export { BODY_LIMIT_BYTES } from "./app.ts";
