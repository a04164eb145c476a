// The HTTP face of the sink: POST /ingest as TCIS's CloudRun endpoint would answer it, plus
// two read-only views (JSON for tests, HTML for people).
import { randomUUID, createHash, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from "fastify";
import { describeIssues, ingestBodySchema } from "./ingest-body.ts";
import { decideReplay, fingerprint } from "./idempotency.ts";
import { renderRecordsPage } from "./html-page.ts";
import type { IngestRecord, SinkState } from "./sink-state.ts";

export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const MAX_KEY_LENGTH = 255;

function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Constant-time comparison of the presented bearer token with the configured one. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? "");
  if (match?.[1] === undefined) return false;
  return timingSafeEqual(sha256(match[1]), sha256(token));
}

function send(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).send(body);
}

export function buildSinkApp(state: SinkState, token: string): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES, logger: false });

  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const code = status === 413 ? "payload_too_large" : status === 415 ? "unsupported_media_type" : status === 500 ? "internal" : "bad_request";
    return send(reply, status, errorBody(code, status === 500 ? "internal error" : err.message));
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, errorBody("route_not_found", `no route ${request.method} ${request.url}`)),
  );

  app.post("/ingest", async (request, reply) => {
    state.attempts += 1;
    if (state.latencyMs > 0) await sleep(state.latencyMs);

    const injected = state.takeInjectedFailure();
    if (injected !== null) return send(reply, injected.status, injected.body);

    if (!bearerMatches(request.headers.authorization, token)) {
      reply.header("www-authenticate", 'Bearer realm="ingest"');
      return send(reply, 401, errorBody("unauthenticated", "missing or invalid bearer token"));
    }

    const key = request.headers["idempotency-key"];
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      return send(reply, 400, errorBody("bad_request", `Idempotency-Key header is required (1-${MAX_KEY_LENGTH} characters)`));
    }

    const parsed = ingestBodySchema.safeParse(request.body);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error);
      const message = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
      return send(reply, 400, errorBody("validation_failed", message, problems));
    }

    // From here to the end there is no await: deciding and storing happen in one turn of the
    // event loop, so two concurrent requests with one key can never both be stored.
    const requestFingerprint = fingerprint(request.body);
    const decision = decideReplay(state.answers.get(key), requestFingerprint);
    if (decision.kind === "replay") {
      reply.header("idempotent-replayed", "true");
      return send(reply, decision.answer.status, decision.answer.body);
    }
    if (decision.kind === "conflict") {
      return send(reply, 422, errorBody("idempotency_key_reused", `Idempotency-Key '${key}' was already used with a different body`));
    }

    const rejection = state.conditionalFailure(parsed.data);
    if (rejection !== null) {
      return send(reply, rejection.status, rejection.body ?? errorBody("rejected", `rejected by a test rule (HTTP ${rejection.status})`));
    }

    const record: IngestRecord = { key, receivedAt: new Date().toISOString(), body: parsed.data, jobId: randomUUID() };
    const answer = { accepted: true, job_id: record.jobId };
    state.records.push(record);
    state.answers.set(key, { fingerprint: requestFingerprint, status: 201, body: answer });
    return send(reply, 201, answer);
  });

  app.get<{ Querystring: { room_id?: string } }>("/ingest/records", async (request) => {
    const roomId = request.query.room_id;
    return newestFirst(state.records).filter((r) => roomId === undefined || r.body.room_id === roomId);
  });

  app.get("/", async (_request, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderRecordsPage(newestFirst(state.records))),
  );

  return app;
}

function newestFirst(records: readonly IngestRecord[]): IngestRecord[] {
  return [...records].reverse();
}
