import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSUMERS, STREAMS, prefixed, subjectsFor, type StreamKey } from "@cliq/contracts";
import { connectTestNats, deleteStreams, newPrefix } from "../test-support/harness.ts";
import { provisionConsumer, provisionStreams } from "./provision.ts";

const MS_NS = 1_000_000;

describe("provisioning", () => {
  let nc: NatsConnection;
  const prefixes: string[] = [];
  const prefix = () => {
    const p = newPrefix();
    prefixes.push(p);
    return p;
  };
  beforeAll(async () => {
    nc = await connectTestNats();
  });
  afterEach(async () => {
    for (const p of prefixes.splice(0)) await deleteStreams(nc, p);
  });
  afterAll(async () => {
    await nc.close();
  });

  it("when streams are provisioned, then each matches its contract definition", async () => {
    const p = prefix();
    await provisionStreams(nc, p);
    const jsm = await jetstreamManager(nc);
    for (const key of Object.keys(STREAMS) as StreamKey[]) {
      const def = STREAMS[key];
      const { config } = await jsm.streams.info(subjectsFor(p).stream(key));
      expect(config).toMatchObject({
        name: `${p}_${key.toUpperCase()}`,
        subjects: def.subjects.map((s) => prefixed(p, s)),
        storage: "file",
        retention: "limits",
        max_age: def.maxAgeNs,
        duplicate_window: def.duplicateWindowNs,
      });
    }
  });

  it("when provisioning runs twice and from three callers at once, then every call succeeds", async () => {
    const p = prefix();
    await provisionStreams(nc, p);
    await provisionStreams(nc, p);
    const others = await Promise.all([connectTestNats(), connectTestNats(), connectTestNats()]);
    try {
      const q = prefix();
      await Promise.all(others.map((c) => provisionStreams(c, q)));
      await Promise.all(others.map((c) => provisionConsumer(c, q, "syncWorker")));
      await Promise.all(others.map((c) => provisionConsumer(c, q, "mappingProjection")));
      const jsm = await jetstreamManager(nc);
      expect((await jsm.consumers.info(subjectsFor(q).stream("sync"), subjectsFor(q).consumer("sync-worker"))).config.durable_name).toBe(`${q}_sync-worker`);
    } finally {
      await Promise.all(others.map((c) => c.close()));
    }
  });

  it("when a stream exists with an older configuration, then provisioning updates it", async () => {
    const p = prefix();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: subjectsFor(p).stream("sync"), subjects: [prefixed(p, "sync.>")], max_age: 60 * 1e9 });
    await provisionStreams(nc, p);
    expect((await jsm.streams.info(subjectsFor(p).stream("sync"))).config.max_age).toBe(STREAMS.sync.maxAgeNs);
  });

  it("when consumers are provisioned, then each is a durable explicit-ack pull consumer as the contract says", async () => {
    const p = prefix();
    await provisionStreams(nc, p);
    await provisionConsumer(nc, p, "syncWorker");
    await provisionConsumer(nc, p, "syncWorker");
    await provisionConsumer(nc, p, "mappingProjection");
    const jsm = await jetstreamManager(nc);
    const worker = await jsm.consumers.info(subjectsFor(p).stream("sync"), `${p}_sync-worker`);
    expect(worker.config).toMatchObject({
      durable_name: `${p}_sync-worker`,
      ack_policy: "explicit",
      deliver_policy: "all",
      filter_subject: `${p}.sync.requested`,
      ack_wait: CONSUMERS.syncWorker.ackWaitMs * MS_NS,
      max_deliver: CONSUMERS.syncWorker.maxDeliver,
      max_ack_pending: CONSUMERS.syncWorker.maxAckPending,
    });
    // No server-side backoff on the work consumer (see CONSUMERS.syncWorker): nak delays are exact.
    expect(worker.config.backoff ?? []).toEqual([]);
    expect(worker.config.deliver_subject).toBeUndefined();
    const projection = await jsm.consumers.info(subjectsFor(p).stream("sync"), `${p}_channel-mapping-projection`);
    expect(projection.config).toMatchObject({ filter_subject: `${p}.sync.>`, max_deliver: CONSUMERS.mappingProjection.maxDeliver });
  });

  it("when a consumer exists with an older configuration, then provisioning updates it", async () => {
    const p = prefix();
    await provisionStreams(nc, p);
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add(subjectsFor(p).stream("sync"), {
      durable_name: `${p}_channel-mapping-projection`,
      ack_policy: "explicit",
      filter_subject: `${p}.sync.>`,
      max_deliver: 3,
    });
    await provisionConsumer(nc, p, "mappingProjection");
    const info = await jsm.consumers.info(subjectsFor(p).stream("sync"), `${p}_channel-mapping-projection`);
    expect(info.config.max_deliver).toBe(CONSUMERS.mappingProjection.maxDeliver);
  });
});
