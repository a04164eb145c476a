import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { captureLogger, connectTestNats, newPrefix, syncRequestedData } from "../test-support/harness.ts";
import { createPublisher } from "./publish.ts";

describe("createPublisher", () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connectTestNats();
  });
  afterAll(async () => {
    await nc.close();
  });

  it("when no stream takes the subject, then publish retries briefly and fails as service_unavailable", async () => {
    const { logger, logs } = captureLogger();
    const publisher = createPublisher({ nc, prefix: newPrefix(), source: "t", logger, retryDelaysMs: [10, 20] });
    await expect(publisher.publish("syncRequested", syncRequestedData())).rejects.toMatchObject({
      code: "service_unavailable",
      message: expect.stringMatching(/could not publish .*\.sync\.requested after 3 attempts/),
    });
    expect(logs.filter((l) => l.msg === "publish failed; retrying")).toHaveLength(2);
  });
});
