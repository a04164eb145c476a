// The gateway's mapping routes (services/gateway/src/routes/mappings.ts) in the real gateway app,
// talking over NATS to a real channel-mapping instance: HTTP in, contract status codes out.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { registerMappingRoutes } from "../../gateway/src/routes/mappings.ts";
import { authHeader, buildTestGateway } from "../../gateway/src/test-fixtures/gateway.ts";
import { eventually, startHarness, type Harness } from "./test-support/harness.ts";
import { envelope, publishSync } from "./test-support/sync-events.ts";

describe("gateway mapping routes", () => {
  let h: Harness;
  let app: FastifyInstance;
  let acme: Awaited<ReturnType<Harness["seedClient"]>>;
  let headers: { authorization: string };
  let channelId: string;

  beforeAll(async () => {
    h = await startHarness({ channels: 6 });
    await h.startInstance();
    app = await buildTestGateway({ routes: [registerMappingRoutes], commands: h.commands });
    acme = await h.seedClient("Acme", [{ name: "Ops" }, { name: "Guests", kind: "external" }]);
    headers = await authHeader(["backend"]);
    channelId = h.sim.channels().find((c) => c.chat_id !== null)!.channel_id;
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const ops = () => acme.rooms.find((r) => r.name === "Ops")!.id;
  const call = (method: "GET" | "POST" | "DELETE", url: string, body?: unknown, hdrs: Record<string, string> = headers) =>
    app.inject({ method, url, headers: hdrs, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });

  it("when the channel list is asked with filters, then it answers 200 with matching channels", async () => {
    const res = await call("GET", "/api/zoho-cliq/channels?search=engineer&joined=true&refresh=1");
    expect(res.statusCode).toBe(200);
    expect(res.json().channels.map((c: { name: string }) => c.name)).toEqual(["#Engineering"]);
    expect((await call("GET", "/api/zoho-cliq/channels?joined=maybe")).json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("when the caller is not signed in or lacks the role, then 401 or 403", async () => {
    expect((await call("GET", "/api/zoho-cliq/channels", undefined, {})).statusCode).toBe(401);
    const manager = await authHeader(["manager"]);
    expect((await call("GET", `/api/clients/${acme.id}/rooms`, undefined, manager)).statusCode).toBe(403);
  });

  it("when a room is mapped, paused, resumed and unmapped over HTTP, then each answers with the contract status", async () => {
    const created = await call("POST", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping`, { zohoChannelId: channelId, backfillDays: 3 });
    expect(created.statusCode).toBe(201);
    const mapping = created.json();
    expect(mapping).toMatchObject({ roomId: ops(), zohoChannelId: channelId, syncStatus: "active" });

    const again = await call("POST", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping`, { zohoChannelId: channelId });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "channel_already_mapped", details: { clientName: "Acme", roomName: "Ops" } });

    expect((await call("POST", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping/pause`)).json()).toMatchObject({ syncStatus: "paused" });
    expect((await call("POST", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping/resume`)).json()).toMatchObject({ syncStatus: "active" });

    const rooms = (await call("GET", `/api/clients/${acme.id}/rooms`)).json();
    expect(rooms.rooms.find((r: { id: string }) => r.id === ops()).mapping).toMatchObject({ id: mapping.id, syncing: false });
    expect((await call("GET", `/api/zoho-mappings?clientId=${acme.id}&status=active`)).json().mappings.map((m: { id: string }) => m.id)).toEqual([mapping.id]);
    expect((await call("GET", `/api/zoho-mappings/${mapping.id}`)).json()).toMatchObject({ id: mapping.id });

    const jobId = randomUUID();
    await publishSync(h.nc, h.prefix, envelope("syncRequested", { jobId, mappingId: mapping.id, jobType: "manual", requestedAt: new Date().toISOString() }, new Date()));
    const jobs = await eventually(async () => {
      const body = (await call("GET", `/api/zoho-mappings/${mapping.id}/jobs?limit=5`)).json();
      return body.jobs.length > 0 ? body : undefined;
    }, "the requested job to be projected");
    expect(jobs).toMatchObject({ jobs: [{ id: jobId, status: "pending", jobType: "manual" }], nextBefore: null });
    expect((await call("GET", `/api/zoho-sync-jobs/${jobId}`)).json()).toMatchObject({ id: jobId });

    expect((await call("DELETE", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping`)).json()).toEqual({ deleted: true });
    const gone = await call("DELETE", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe("mapping_not_found");
  });

  it("when the input is wrong, then each mistake gets its own status and code", async () => {
    const guests = acme.rooms.find((r) => r.name === "Guests")!.id;
    const cases: [string, Awaited<ReturnType<typeof call>>, number, string][] = [
      ["malformed client id", await call("GET", "/api/clients/nope/rooms"), 400, "validation_failed"],
      ["unknown client", await call("GET", `/api/clients/${randomUUID()}/rooms`), 404, "client_not_found"],
      ["unknown body field", await call("POST", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping`, { zohoChannelId: channelId, extra: 1 }), 400, "validation_failed"],
      ["malformed channel id", await call("POST", `/api/clients/${acme.id}/rooms/${ops()}/zoho-mapping`, { zohoChannelId: "a b" }), 400, "validation_failed"],
      ["external room", await call("POST", `/api/clients/${acme.id}/rooms/${guests}/zoho-mapping`, { zohoChannelId: channelId }), 422, "room_not_internal"],
      ["unknown room", await call("POST", `/api/clients/${acme.id}/rooms/${randomUUID()}/zoho-mapping`, { zohoChannelId: channelId }), 404, "room_not_found"],
      ["unknown job", await call("GET", `/api/zoho-sync-jobs/${randomUUID()}`), 404, "job_not_found"],
      ["bad jobs page size", await call("GET", `/api/zoho-mappings/${randomUUID()}/jobs?limit=0`), 400, "validation_failed"],
    ];
    for (const [what, res, status, code] of cases) {
      expect(res.statusCode, what).toBe(status);
      expect(res.json().error.code, what).toBe(code);
    }
  });
});
