// The audit log through the real app and a real PostgreSQL schema: every state-changing call
// becomes one audit_log row (who, what, when, outcome), secrets in bodies are never stored, reads
// are not recorded, and a failing audit write never fails the request.
import { AppError } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";
import { createTestDb, type TestDb } from "@cliq/testkit";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE } from "../openapi/examples.ts";
import { authHeader, buildTestGateway, capturingLogger, exampleCommands, recordingEvents } from "../test-fixtures/gateway.ts";
import { createDbAuditTrail } from "./audit-trail.ts";

const PAUSED = "0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d";

/** Answers like the examples, except that mapping PAUSED is paused. */
const commands: CommandClient = {
  request: async (name, payload, opts) => {
    if (name === "mappingGet" && (payload as { mappingId: string }).mappingId === PAUSED) {
      throw new AppError("mapping_paused", "mapping is paused");
    }
    return exampleCommands.request(name, payload, opts);
  },
};

type Row = {
  actor_id: string | null;
  actor_roles: string[];
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  status_code: number;
  details: { params: Record<string, string>; fields: Record<string, unknown>; errorCode: string | null };
  request_id: string;
  created_at: Date;
};

let testDb: TestDb;
let app: FastifyInstance;

async function rows(): Promise<Row[]> {
  return (await testDb.pool.query<Row>("SELECT * FROM audit_log ORDER BY id")).rows;
}

beforeAll(async () => {
  testDb = await createTestDb();
  app = await buildTestGateway({ commands, events: recordingEvents(), audit: createDbAuditTrail(testDb.db) });
});
afterAll(async () => {
  await app.close();
  await testDb.drop();
});

describe("audit log", () => {
  it("when a backend user syncs a mapping, then one row records who, what, the mapping, the outcome and the request id", async () => {
    const before = Date.now();
    const res = await app.inject({ method: "POST", url: `/api/zoho-mappings/${EXAMPLE.mappingId}/sync`, headers: await authHeader(["backend"], "bob@example.com") });
    expect(res.statusCode).toBe(202);
    await expect.poll(async () => (await rows()).length).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({
      actor_id: "bob@example.com",
      actor_roles: ["backend"],
      action: "POST /api/zoho-mappings/:id/sync",
      target_type: "mapping",
      target_id: EXAMPLE.mappingId,
      outcome: "succeeded",
      status_code: 202,
      details: { params: { id: EXAMPLE.mappingId }, fields: {}, errorCode: null },
      request_id: res.headers["x-request-id"],
    });
    expect(row?.created_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
  });

  it("when a call is refused, then the row keeps the status and the error code", async () => {
    // Audit rows are written after each answer (fire and forget): wait for each before the next
    // call so the rows' order is the calls' order.
    await app.inject({ method: "POST", url: `/api/zoho-mappings/${PAUSED}/sync`, headers: await authHeader(["super_admin"], "ann@example.com") });
    await expect.poll(async () => (await rows()).length).toBe(2);
    await app.inject({ method: "POST", url: `/api/zoho-mappings/${PAUSED}/sync`, headers: await authHeader(["user"], "eve@example.com") });
    await expect.poll(async () => (await rows()).length).toBe(3);
    await app.inject({ method: "DELETE", url: `/api/clients/${EXAMPLE.clientId}/rooms/${EXAMPLE.roomId}/zoho-mapping` });
    await expect.poll(async () => (await rows()).length).toBe(4);
    const [, paused, forbidden, anonymous] = await rows();
    expect(paused).toMatchObject({ actor_id: "ann@example.com", outcome: "rejected", status_code: 409, details: { errorCode: "mapping_paused" } });
    expect(forbidden).toMatchObject({ actor_id: "eve@example.com", outcome: "denied", status_code: 403, details: { errorCode: "forbidden" } });
    expect(anonymous).toMatchObject({ actor_id: null, action: "DELETE /api/clients/:clientId/rooms/:roomId/zoho-mapping", target_type: "room", outcome: "denied", status_code: 401 });
  });

  it("when a body carries an OAuth code, then only whitelisted fields are stored", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/integrations/zoho-cliq/complete",
      headers: await authHeader(["super_admin"]),
      payload: { code: "1000.very-secret-code", state: "st_secret_state", location: "eu" },
    });
    expect(res.statusCode).toBe(200);
    await expect.poll(async () => (await rows()).length).toBe(5);
    const last = (await rows()).at(-1);
    expect(last?.details.fields).toEqual({ location: "eu" });
    const { rows: raw } = await testDb.pool.query<{ t: string }>("SELECT row_to_json(a)::text AS t FROM audit_log a");
    expect(raw.map((r) => r.t).join("\n")).not.toMatch(/very-secret-code|st_secret_state/);
  });

  it("when data is only read, then nothing is recorded", async () => {
    const count = (await rows()).length;
    await app.inject({ method: "GET", url: "/api/zoho-mappings", headers: await authHeader(["backend"]) });
    await new Promise((r) => setTimeout(r, 100));
    expect((await rows()).length).toBe(count);
  });

  it("when a super admin lists the audit log, then the newest rows come first, paged", async () => {
    const headers = await authHeader(["super_admin"]);
    const first = await app.inject({ method: "GET", url: "/api/audit-log?limit=2", headers });
    expect(first.statusCode).toBe(200);
    const page = first.json<{ records: { action: string; statusCode: number; errorCode: string | null }[]; nextBefore: string | null }>();
    expect(page.records.map((r) => r.action)).toEqual(["POST /api/integrations/zoho-cliq/complete", "DELETE /api/clients/:clientId/rooms/:roomId/zoho-mapping"]);
    const next = await app.inject({ method: "GET", url: `/api/audit-log?limit=2&before=${page.nextBefore}`, headers });
    expect(next.json().records.map((r: { errorCode: string | null }) => r.errorCode)).toEqual(["forbidden", "mapping_paused"]);
    const denied = await app.inject({ method: "GET", url: "/api/audit-log?outcome=denied", headers });
    expect(denied.json().records).toHaveLength(2);
  });

  it("when the audit write fails, then the request still succeeds and the failure is logged", async () => {
    const broken = await createTestDb();
    await broken.pool.query("DROP TABLE audit_log");
    const { logger, lines } = capturingLogger();
    const failing = await buildTestGateway({ commands, events: recordingEvents(), audit: createDbAuditTrail(broken.db), logger });
    try {
      const res = await failing.inject({ method: "POST", url: `/api/zoho-mappings/${EXAMPLE.mappingId}/sync`, headers: await authHeader(["backend"]) });
      expect(res.statusCode).toBe(202);
      await expect.poll(() => lines.some((l) => l.includes("could not write the audit log entry"))).toBe(true);
    } finally {
      await failing.close();
      await broken.drop();
    }
  });
});
