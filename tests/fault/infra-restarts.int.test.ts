// Fault suite, case 2: NATS, PostgreSQL and Redis restarted (one at a time) in the middle of a
// sync. Each case starts its OWN server (own port, own data directory) and points a small stack
// at it — two real sync-worker processes, the worker's auth responder, the simulator and the
// sink — so the machine's shared servers, which every other test file uses, are never touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventData } from "@cliq/contracts";
import { generateOrg, type SimChannel } from "@cliq/zoho-simulator";
import { deliveryReport, exactlyOnce, expectedFor } from "./support/exactly-once.ts";
import { knownBug } from "./support/known-bug.ts";
import { startPrivateNats, startPrivatePostgres, startPrivateRedis, type PrivateServer } from "./support/private-servers.ts";
import { waitFor } from "./support/processes.ts";
import { collectEvidence, scanBlindSpots, scanForSecrets, secretsOf } from "./support/secrets.ts";
import { FAST_SIM_LIMITS, FaultStack, type StackOptions } from "./support/stack.ts";

const DAY = 86_400_000;
const MESSAGES = 6_000;
/** Messages the sink must hold before the restart: well inside the first (capped) run. */
const RESTART_AT = 1_500;
const DOWN_MS = 1_500;

/** `knownBug`: the case reproduces a product bug (README.md, "Known product bugs"). */
type Kind = { name: string; start(): Promise<PrivateServer>; wire(url: string): Partial<StackOptions>; knownBug?: true };

const KINDS: Kind[] = [
  { name: "NATS", start: startPrivateNats, wire: (url) => ({ natsUrl: url }) },
  { name: "PostgreSQL", start: startPrivatePostgres, wire: (url) => ({ databaseUrl: url }) },
  // A restarted Redis without persistence comes back empty: the shared limiter must rebuild itself.
  { name: "Redis", start: startPrivateRedis, wire: (url) => ({ redisUrl: url }) },
];

for (const kind of KINDS) {
  describe(`a ${kind.name} restart mid-sync`, () => {
    let server: PrivateServer;
    let stack: FaultStack;

    beforeAll(async () => {
      server = await kind.start();
      const data = generateOrg({ seed: 5, channels: 1, messagesPerChannel: MESSAGES, startTime: Date.now() - 20 * DAY, spacingMs: 60_000 });
      stack = await FaultStack.start({ data, simLimits: FAST_SIM_LIMITS, auth: "stub", channelMapping: false, workers: ["w1", "w2"], ...kind.wire(server.url) });
    }, 120_000);

    afterAll(async () => {
      await stack?.stop();
      await server?.destroy();
    });

    const restartCase = async () => {
      const m = await stack.createMapping(stack.sim.channels().find((c) => c.chat_id !== null) as SimChannel);
      stack.sink.setLatency(20);
      const jobId = await stack.requestSync(m.mappingId);
      await waitFor(() => stack.sinkIds(m.roomId).length >= RESTART_AT, `${RESTART_AT} messages at the sink`, 30_000, 5);
      await server.restart(DOWN_MS);
      const restartedAt = stack.sinkIds(m.roomId).length;
      stack.sink.setLatency(0);

      const end = await stack.waitForEnd(jobId, 90_000);
      expect(end.name, JSON.stringify(end.envelope.data)).toBe("syncCompleted");
      expect((end.envelope.data as EventData<"syncCompleted">).outcome).toBe("synced");
      expect(restartedAt).toBeLessThan(MESSAGES);
      const expected = expectedFor(stack.sim, m.channel.chat_id as string);
      expect(deliveryReport(stack.sinkIds(m.roomId), expected)).toEqual(exactlyOnce(expected.length));
    };
    const title = `when the private ${kind.name} server is stopped and started again during a run, then the sync completes and the sink holds every message exactly once`;
    if (kind.knownBug === true) knownBug(title, restartCase, 150_000);
    else it(title, () => stack.explainFailure(restartCase), 150_000);

    it("when it is over, then no log line, event, command reply, table row or ingest document holds token text", async () => {
      const secrets = secretsOf(stack);
      expect(scanBlindSpots(secrets)).toEqual([]);
      expect(scanForSecrets(await collectEvidence(stack), secrets)).toEqual([]);
    }, 60_000);
  });
}
