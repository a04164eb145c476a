import { describe, expect, it } from "vitest";
import {
  COMMANDS,
  COMMAND_SUBJECTS,
  CONSUMERS,
  ERROR_CODES,
  EVENT_SCHEMAS,
  EVENT_SUBJECTS,
  STREAMS,
  commandActorSchema,
  errorBodySchema,
  httpStatusFor,
  replySchema,
  subjectsFor,
} from "./index.ts";

describe("subjects", () => {
  it("when a prefix is set, then every subject and stream name carries it", () => {
    const s = subjectsFor("t42");
    expect(s.event("syncRequested")).toBe("t42.sync.requested");
    expect(s.command("authTokenGet")).toBe("t42.cmd.auth.token.get");
    expect(s.stream("sync")).toBe("t42_SYNC");
    expect(s.consumer("sync-worker")).toBe("t42_sync-worker");
  });
  it("when the prefix is empty, then names are the bare contract names", () => {
    const s = subjectsFor("");
    expect(s.event("mappingCreated")).toBe("mapping.created");
    expect(s.stream("auth")).toBe("AUTH");
  });
  it("when a prefix contains a dot or wildcard, then it is rejected", () => {
    expect(() => subjectsFor("a.b")).toThrow();
    expect(() => subjectsFor("a*")).toThrow();
  });
  it("when any event subject is checked, then exactly one stream captures it", () => {
    for (const subject of Object.values(EVENT_SUBJECTS)) {
      const owners = Object.values(STREAMS).filter((st) =>
        st.subjects.some((p) => (p.endsWith(".>") ? subject.startsWith(p.slice(0, -1)) : p === subject)),
      );
      expect(owners, subject).toHaveLength(1);
    }
  });
  it("when a consumer has backoff, then max_deliver exceeds the backoff steps", () => {
    for (const c of Object.values(CONSUMERS)) {
      if (c.backoffMs !== undefined) expect(c.maxDeliver).toBeGreaterThan(c.backoffMs.length);
    }
  });
});

describe("schemas", () => {
  it("when every event and command is listed, then each has a schema", () => {
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual(Object.keys(EVENT_SUBJECTS).sort());
    expect(Object.keys(COMMANDS).sort()).toEqual(Object.keys(COMMAND_SUBJECTS).sort());
  });
  it("when a command request carries an unknown field, then it is rejected by name", () => {
    const r = COMMANDS.mappingCreate.request.safeParse({
      actor: { userId: "u1", roles: ["backend"] },
      clientId: "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e11",
      roomId: "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e12",
      zohoChannelId: "T4000000040005",
      extra: 1,
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("extra");
  });
  it("when a reply is an error, then it must use a known code", () => {
    const reply = replySchema(COMMANDS.authStatus.reply);
    expect(reply.safeParse({ ok: false, error: { code: "mapping_not_found", message: "x" } }).success).toBe(true);
    expect(reply.safeParse({ ok: false, error: { code: "made_up", message: "x" } }).success).toBe(false);
  });
  it("when a sync.failed event lacks its code, then validation names the field", () => {
    const r = EVENT_SCHEMAS.syncFailed.safeParse({ jobId: "x" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("code");
    expect(paths).toContain("jobId");
  });
});

describe("actors", () => {
  const scheduler = { kind: "service", service: "scheduler" };
  it("when a user actor has no kind (as the gateway sends it), then it is still a user actor", () => {
    expect(commandActorSchema.parse({ userId: "u1", roles: ["backend"] })).toEqual({ userId: "u1", roles: ["backend"] });
    expect(commandActorSchema.parse({ kind: "user", userId: "u1", roles: [] })).toMatchObject({ kind: "user" });
  });
  it("when the scheduler's service identity asks channel-mapping, then the request is well formed (channel-mapping decides what it may do)", () => {
    expect(COMMANDS.channelsList.request.safeParse({ actor: scheduler, refresh: true }).success).toBe(true);
    expect(COMMANDS.mappingDelete.request.safeParse({ actor: scheduler, mappingId: "3c1d1a62-4a0e-4d4e-9b47-2f3b8a8f1e11" }).success).toBe(true);
  });
  it("when channel activity is asked for no channel, more than 1,000, a malformed id or a negative age, then the request is invalid", () => {
    const ask = (x: object) => COMMANDS.channelsActivity.request.safeParse({ actor: scheduler, ...x }).success;
    expect(ask({ channelIds: ["T4000000040005"], maxAgeMs: 60_000 })).toBe(true);
    expect(ask({ channelIds: [] })).toBe(false);
    expect(ask({ channelIds: Array.from({ length: 1_001 }, (_, i) => `T${i}`) })).toBe(false);
    expect(ask({ channelIds: ["T 1"] })).toBe(false);
    expect(ask({ channelIds: ["T1"], maxAgeMs: -1 })).toBe(false);
  });
  it("when a service identity is sent to auth's commands, then it is not a valid actor there", () => {
    expect(COMMANDS.authStatus.request.safeParse({ actor: scheduler }).success).toBe(false);
  });
  it("when an actor is half user, half service, names an unknown service or an unknown kind, then it is rejected", () => {
    expect(commandActorSchema.safeParse({ ...scheduler, userId: "admin", roles: ["super_admin"] }).success).toBe(false);
    expect(commandActorSchema.safeParse({ kind: "service", service: "gateway" }).success).toBe(false);
    expect(commandActorSchema.safeParse({ kind: "system", userId: "scheduler", roles: ["system"] }).success).toBe(false);
  });
});

describe("error codes", () => {
  it("when a code is a caller mistake, then it maps to a 4xx", () => {
    expect(httpStatusFor("validation_failed")).toBe(400);
    expect(httpStatusFor("channel_already_mapped")).toBe(409);
    expect(httpStatusFor("unauthenticated")).toBe(401);
  });
  it("when the error body schema is applied, then every code validates", () => {
    for (const code of ERROR_CODES) expect(errorBodySchema.safeParse({ code, message: "m" }).success).toBe(true);
  });
});
