import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { AppError, subjectsFor } from "@cliq/contracts";
import { captureLogger, connectTestNats, newPrefix, type LogEntry } from "../test-support/harness.ts";
import type { Logger } from "../logger.ts";
import { createCommandClient, type CommandClient } from "./command-client.ts";
import { serveCommands, type CommandServer } from "./command-server.ts";

const actor = { userId: "u1", roles: ["backend"] };
const uuid = () => crypto.randomUUID();

function jobView(id: string) {
  const now = new Date().toISOString();
  return {
    id,
    mappingId: uuid(),
    jobType: "manual" as const,
    status: "completed" as const,
    messagesFetched: 3,
    messagesProcessed: 3,
    processingTimeMs: 40,
    errorCode: null,
    errorMessage: null,
    retryOf: null,
    requestedBy: "u1",
    note: null,
    requestedAt: now,
    startedAt: now,
    finishedAt: now,
    warnings: [],
  };
}

describe("commands over request/reply", () => {
  let nc: NatsConnection;
  let prefix: string;
  let logger: Logger;
  let logs: LogEntry[];
  let client: CommandClient;
  let server: CommandServer | undefined;

  beforeAll(async () => {
    nc = await connectTestNats();
  });
  beforeEach(() => {
    prefix = newPrefix();
    ({ logger, logs } = captureLogger());
    client = createCommandClient({ nc, prefix, timeoutMs: 2_000 });
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  afterAll(async () => {
    await nc.close();
  });

  it("when the handler succeeds, then the client gets the typed reply data", async () => {
    let received: unknown;
    const jobId = uuid();
    const view = jobView(jobId);
    server = serveCommands({
      nc,
      prefix,
      logger,
      handlers: {
        jobGet: async (req) => {
          received = req;
          return view;
        },
      },
    });
    const job = await client.request("jobGet", { actor, jobId });
    expect(job).toEqual(view);
    expect(received).toEqual({ actor, jobId });
  });

  it("when the request breaks the schema, then the reply is validation_failed naming each field", async () => {
    let called = false;
    server = serveCommands({
      nc,
      prefix,
      logger,
      handlers: {
        mappingCreate: async () => {
          called = true;
          throw new Error("unreachable");
        },
      },
    });
    const err = await client
      .request("mappingCreate", { actor, clientId: "nope", roomId: uuid(), zohoChannelId: "T1", syncIntervalMinutes: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "validation_failed", message: expect.stringMatching(/clientId: .*syncIntervalMinutes: /) });
    expect((err as AppError).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "clientId" }), expect.objectContaining({ path: "syncIntervalMinutes" })]),
    );
    expect(called).toBe(false);
  });

  it("when the handler throws an AppError, then its code, message and details reach the client", async () => {
    server = serveCommands({
      nc,
      prefix,
      logger,
      handlers: {
        mappingCreate: async () => {
          throw new AppError("channel_already_mapped", "channel T1 is mapped to room Ops of Acme", { holder: "Acme" });
        },
      },
    });
    await expect(client.request("mappingCreate", { actor, clientId: uuid(), roomId: uuid(), zohoChannelId: "T1" })).rejects.toMatchObject({
      code: "channel_already_mapped",
      message: "channel T1 is mapped to room Ops of Acme",
      details: { holder: "Acme" },
    });
  });

  it("when the handler fails unexpectedly, then the client gets a bare internal error and the log has the cause", async () => {
    server = serveCommands({
      nc,
      prefix,
      logger,
      handlers: {
        authStatus: async () => {
          throw new Error("connect ECONNREFUSED postgresql://app:hunter2@db");
        },
      },
    });
    const err = await client.request("authStatus", { actor }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "internal", message: "internal error" });
    expect((err as AppError).details).toBeUndefined();
    expect(JSON.stringify(err)).not.toContain("hunter2");
    expect(logs.some((l) => l.msg === "command handler failed" && l.command === "authStatus")).toBe(true);
  });

  it("when a handler returns data outside the reply contract, then the client gets internal, not bad data", async () => {
    server = serveCommands({ nc, prefix, logger, handlers: { jobGet: async () => ({ id: "x" }) as never } });
    await expect(client.request("jobGet", { actor, jobId: uuid() })).rejects.toMatchObject({ code: "internal" });
    expect(logs.some((l) => l.msg === "command handler returned a reply outside the contract")).toBe(true);
  });

  it("when nobody serves the command, then the client fails fast with service_unavailable", async () => {
    const t0 = Date.now();
    await expect(client.request("authStatus", { actor })).rejects.toMatchObject({
      code: "service_unavailable",
      message: `${subjectsFor(prefix).command("authStatus")} has no responders`,
    });
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it("when the handler is too slow, then the client fails with timeout", async () => {
    server = serveCommands({
      nc,
      prefix,
      logger,
      handlers: { authStatus: () => new Promise((resolve) => setTimeout(resolve, 400)) as never },
    });
    await expect(client.request("authStatus", { actor }, { timeoutMs: 150 })).rejects.toMatchObject({ code: "timeout" });
  });

  it("when two replicas serve a command, then each request is answered once", async () => {
    const calls: string[] = [];
    const handlers = (who: string) => ({
      authDisconnect: async () => {
        calls.push(who);
        return { revoked: true };
      },
    });
    server = serveCommands({ nc, prefix, logger, handlers: handlers("a") });
    const second = serveCommands({ nc, prefix, logger, handlers: handlers("b") });
    try {
      await nc.flush();
      for (let i = 0; i < 10; i++) expect(await client.request("authDisconnect", { actor })).toEqual({ revoked: true });
      expect(calls).toHaveLength(10);
    } finally {
      await second.stop();
    }
  });
});
