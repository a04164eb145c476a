// Fault suite, case 3: Zoho misbehaving while the whole real stack syncs (auth and
// channel-mapping services, three sync-worker processes) — 5xx and HTML gateway pages, timeouts,
// throttles, malformed bodies, errors sent with HTTP 200, a revoked grant, access tokens rejected
// on every replica at once — plus 100 concurrent mapping creates. Every case checks the sink by
// message id: nothing lost, nothing stored twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError, type EventData } from "@cliq/contracts";
import { generateOrg, type FaultRule, type SimChannel } from "@cliq/zoho-simulator";
import { deliveryReport, exactlyOnce, expectedFor } from "./support/exactly-once.ts";
import { waitFor } from "./support/processes.ts";
import { collectEvidence, scanBlindSpots, scanForSecrets, secretsOf } from "./support/secrets.ts";
import { ADMIN, connectZoho } from "./support/services.ts";
import { FAST_SIM_LIMITS, FaultStack, type Mapping, type SyncEvent } from "./support/stack.ts";

const DAY = 86_400_000;

let stack: FaultStack;
let channels: SimChannel[];
let revoked: Mapping | undefined;

beforeAll(async () => {
  const data = generateOrg({ seed: 3, channels: 16, messagesPerChannel: 2_000, startTime: Date.now() - 20 * DAY, spacingMs: 60_000 });
  stack = await FaultStack.start({ data, simLimits: FAST_SIM_LIMITS, auth: "service", channelMapping: true, workers: ["w1", "w2", "w3"] });
  channels = stack.sim.channels().filter((c) => c.chat_id !== null && c.status !== "archived");
}, 120_000);

afterEach(() => {
  stack.sim.faults.clear();
  stack.sink.setLatency(0);
});

afterAll(async () => {
  await stack?.stop();
});

function takeChannel(): SimChannel {
  const c = channels.shift();
  if (c === undefined) throw new Error("the generated org has no unmapped channel left");
  return c;
}

const failed = (e: SyncEvent) => e.envelope.data as EventData<"syncFailed">;

/** Syncs a new mapping while `storm` is injected; returns the job's end. */
async function syncDuring(storm: FaultRule[]): Promise<{ m: Mapping; jobId: string; end: SyncEvent }> {
  const m = await stack.createMapping(takeChannel());
  for (const rule of storm) stack.sim.faults.inject(rule);
  const jobId = await stack.requestSync(m.mappingId);
  return { m, jobId, end: await stack.waitForEnd(jobId, 90_000) };
}

/** Injects `rule` once the run has made `afterRequests` calls to Zoho, so it lands mid-run. */
async function syncWithFaultMidRun(rule: FaultRule, afterRequests: number): Promise<{ m: Mapping; end: SyncEvent }> {
  const m = await stack.createMapping(takeChannel());
  const before = stack.sim.counters().requests.messages;
  const jobId = await stack.requestSync(m.mappingId);
  await waitFor(() => stack.sim.counters().requests.messages >= before + afterRequests, `${afterRequests} messages requests`, 30_000, 2);
  stack.sim.faults.inject(rule);
  return { m, end: await stack.waitForEnd(jobId, 60_000) };
}

function retryWarnings(): number {
  return stack.logs.reduce((n, l) => n + (l.text().match(/Zoho messages request failed; retrying/g)?.length ?? 0), 0);
}

function sinkReport(m: Mapping, opts: { subsetOnly?: boolean } = {}) {
  return deliveryReport(stack.sinkIds(m.roomId), expectedFor(stack.sim, m.channel.chat_id as string), opts);
}

describe("Zoho storms against the full stack", () => {
  it("when Zoho answers 5xx errors and HTML gateway pages in a storm, then the pages are retried and every message arrives once", async () => {
    await stack.explainFailure(async () => {
      const warningsBefore = retryWarnings();
      const { m, end } = await syncDuring([
        { endpoint: "messages", kind: "status5xx", status: 503, rate: 0.25, times: 2 },
        { endpoint: "messages", kind: "status5xx", status: 500, rate: 0.25, times: 1 },
        { endpoint: "messages", kind: "htmlError", rate: 0.25, times: 1 },
      ]);
      expect(end.name).toBe("syncCompleted");
      expect(sinkReport(m)).toEqual(exactlyOnce(expectedFor(stack.sim, m.channel.chat_id as string).length));
      expect(retryWarnings()).toBeGreaterThan(warningsBefore);
    });
  }, 90_000);

  it("when Zoho requests time out, then they are retried after the client's deadline and every message arrives once", async () => {
    await stack.explainFailure(async () => {
      const warningsBefore = retryWarnings();
      const { m, end } = await syncDuring([{ endpoint: "messages", kind: "timeout", rate: 0.3, times: 2 }]);
      expect(end.name).toBe("syncCompleted");
      expect(sinkReport(m)).toEqual(exactlyOnce(expectedFor(stack.sim, m.channel.chat_id as string).length));
      expect(retryWarnings()).toBeGreaterThan(warningsBefore);
    });
  }, 90_000);

  it("when Zoho throttles, then the shared budget pauses, the request is retried, the job never fails and every message arrives once", async () => {
    await stack.explainFailure(async () => {
      const throttlesBefore = stack.sim.counters().throttles.messages;
      const { m, jobId, end } = await syncDuring([{ endpoint: "messages", kind: "throttle", times: 2 }]);
      expect(end.name).toBe("syncCompleted");
      expect(stack.sim.counters().throttles.messages).toBe(throttlesBefore + 2);
      expect(stack.eventsFor(jobId).filter((e) => e.name === "syncFailed")).toEqual([]);
      expect(sinkReport(m)).toEqual(exactlyOnce(expectedFor(stack.sim, m.channel.chat_id as string).length));
    });
  }, 90_000);

  for (const [kind, named] of [
    ["malformedJson", /JSON/],
    ["errorBody200", /operation_failed/],
  ] as const) {
    it(`when a page mid-run is a ${kind === "malformedJson" ? "truncated JSON body" : "200 with an error body"}, then the job fails naming it, what was delivered holds no duplicate, and a retry delivers the rest exactly once`, async () => {
      await stack.explainFailure(async () => {
        const { m, end } = await syncWithFaultMidRun({ endpoint: "messages", kind, times: 1 }, 4);
        expect(end.name).toBe("syncFailed");
        expect(failed(end)).toMatchObject({ code: "zoho_bad_response", final: true });
        expect(failed(end).message).toMatch(named);
        const partial = sinkReport(m, { subsetOnly: true });
        expect(partial).toEqual(exactlyOnce(partial.delivered));

        const retry = await stack.waitForEnd(await stack.requestSync(m.mappingId, "retry"), 60_000);
        expect(retry.name).toBe("syncCompleted");
        expect(sinkReport(m)).toEqual(exactlyOnce(expectedFor(stack.sim, m.channel.chat_id as string).length));
      });
    }, 90_000);
  }

  it("when the Zoho grant is revoked, then the job fails for good with auth_expired, asks an admin to reconnect, and auth reports reauth_required", async () => {
    revoked = await stack.createMapping(takeChannel());
    stack.sim.revokeAllTokens();
    const end = await stack.waitForEnd(await stack.requestSync(revoked.mappingId), 60_000);
    expect(stack.sinkIds(revoked.roomId)).toEqual([]);
    expect(end.name).toBe("syncFailed");
    expect(failed(end), failed(end).message).toMatchObject({ code: "auth_expired", needsAdmin: true, final: true });
    expect((await stack.commands.request("authStatus", { actor: ADMIN })).state).toBe("reauth_required");
  }, 90_000);

  it("when an admin reconnects after the revocation, then a retry delivers every message exactly once", async () => {
    await stack.explainFailure(async () => {
      if (revoked === undefined) throw new Error("runs after the revocation case");
      await connectZoho(stack.commands);
      const end = await stack.waitForEnd(await stack.requestSync(revoked.mappingId, "retry"), 60_000);
      expect(end.name).toBe("syncCompleted");
      expect(sinkReport(revoked)).toEqual(exactlyOnce(expectedFor(stack.sim, revoked.channel.chat_id as string).length));
    });
  }, 90_000);

  it("when Zoho rejects the access token on every replica at once, then auth refreshes it exactly once and every sync finishes exactly once", async () => {
    const maps = await Promise.all(Array.from({ length: 6 }, () => stack.createMapping(takeChannel())));
    const grantsBefore = stack.sim.counters().tokenGrants.refresh_token;
    stack.sim.expireAccessTokens();
    try {
      const jobs = await Promise.all(maps.map((m) => stack.requestSync(m.mappingId)));
      const ends = await Promise.all(jobs.map((j) => stack.waitForEnd(j, 60_000)));
      expect(ends.map((e) => (e.name === "syncFailed" ? `syncFailed ${failed(e).code}: ${failed(e).message}` : e.name))).toEqual(maps.map(() => "syncCompleted"));
      expect(stack.sim.counters().tokenGrants.refresh_token).toBe(grantsBefore + 1);
      const workers = new Set(jobs.flatMap((j) => stack.eventsFor(j).filter((e) => e.name === "syncStarted").map((e) => (e.envelope.data as EventData<"syncStarted">).workerId)));
      expect(workers.size).toBeGreaterThanOrEqual(2);
      for (const m of maps) expect(sinkReport(m)).toEqual(exactlyOnce(expectedFor(stack.sim, m.channel.chat_id as string).length));
    } finally {
      // whatever happened, leave a token Zoho accepts for the cases after this one
      await stack.commands.request("authRefresh", { actor: ADMIN });
    }
  }, 90_000);

  it("when 100 creates for one channel race (100 rooms), then exactly one mapping exists, 99 get a conflict naming it, and one mapping.created is published", async () => {
    const channel = takeChannel();
    const rooms = await Promise.all(Array.from({ length: 100 }, (_, i) => stack.db.db.room.create({ data: { clientId: stack.clientId, name: `race room ${i}`, kind: "internal" } })));
    const results = await Promise.allSettled(
      rooms.map((r) => stack.commands.request("mappingCreate", { actor: ADMIN, clientId: stack.clientId, roomId: r.id, zohoChannelId: channel.channel_id, backfillDays: 1 }, { timeoutMs: 30_000 })),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    const winner = won[0]!;
    expect(lost.map((e) => (e instanceof AppError ? e.code : String(e)))).toEqual(Array.from({ length: 99 }, () => "channel_already_mapped"));
    for (const e of lost) expect((e as AppError).details).toMatchObject({ mappingId: winner.id, roomId: winner.roomId });
    const rows = await stack.db.pool.query("SELECT id FROM zoho_channel_mappings WHERE zoho_channel_id = $1", [channel.channel_id]);
    expect(rows.rows).toEqual([{ id: winner.id }]);
    const created = (await stack.allStoredEvents()).filter((e) => e.subject.endsWith(".mapping.created") && e.data.includes(channel.channel_id));
    expect(created).toHaveLength(1);
  }, 90_000);

  it("when the storms are over, then no log line, event, command reply, table row or ingest document holds token text", async () => {
    const secrets = secretsOf(stack);
    expect(scanBlindSpots(secrets)).toEqual([]);
    const evidence = await collectEvidence(stack);
    expect(evidence.some((e) => e.source.startsWith("row of zoho_auth"))).toBe(true);
    expect(evidence.some((e) => e.source.includes("token.refreshed"))).toBe(true);
    expect(scanForSecrets(evidence, secrets)).toEqual([]);
  }, 60_000);
});
