import { AppError, type CommandActor } from "@cliq/contracts";
import { describe, expect, it } from "vitest";
import { authorize, identify, MAPPING_COMMANDS, type MappingCommand } from "./access.ts";

const SCHEDULER: CommandActor = { kind: "service", service: "scheduler" };

function refusal(command: MappingCommand, actor: CommandActor): AppError {
  try {
    authorize(command, actor);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${command} to be refused`);
}

describe("who may manage mappings: users", () => {
  it("when the actor is a backend user or super admin, then every command is allowed and the handler gets the user", () => {
    for (const command of MAPPING_COMMANDS) {
      expect(authorize(command, { userId: "u", roles: ["backend"] })).toEqual({ kind: "user", userId: "u", roles: ["backend"] });
      expect(() => authorize(command, { kind: "user", userId: "u", roles: ["user", "super_admin"] })).not.toThrow();
    }
  });

  it("when the actor has only client-level roles, then the error is forbidden and names the roles needed", () => {
    const err = refusal("mappingList", { userId: "u", roles: ["admin", "manager"] });
    expect(err.code).toBe("forbidden");
    expect(err.message).toMatch(/super_admin or backend/);
    expect(err.message).not.toMatch(/service identity/);
  });

  it("when a user claims to be the scheduler with the role system (as the scheduler used to), then the channel list is refused and the error says how a service identifies itself", () => {
    const err = refusal("channelsList", { userId: "scheduler", roles: ["system"] });
    expect(err.code).toBe("forbidden");
    expect(err.message).toMatch(/super_admin or backend/);
    expect(err.message).toContain('"system" is no platform role');
    expect(err.message).toContain('kind: "service"');
  });

  it("when a user holds a role named service, then it is still only a user: every command is refused", () => {
    for (const command of MAPPING_COMMANDS) expect(refusal(command, { userId: "service-token", roles: ["service"] }).code).toBe("forbidden");
  });
});

describe("who may manage mappings: the scheduler's service identity", () => {
  it("when the scheduler asks for channel activity, then it is allowed and the handler gets the service caller", () => {
    expect(authorize("channelsActivity", SCHEDULER)).toEqual({ kind: "service", service: "scheduler" });
  });

  it("when the scheduler tries to create a mapping, then it is refused as forbidden, naming what it may call and who may create", () => {
    const err = refusal("mappingCreate", SCHEDULER);
    expect(err.code).toBe("forbidden");
    expect(err.message).toBe("the scheduler service may only call channelsActivity on channel-mapping; mappingCreate needs a user with the role super_admin or backend");
    expect(err.details).toEqual({ command: "mappingCreate", service: "scheduler", allowedCommands: ["channelsActivity"], allowedRoles: ["super_admin", "backend"] });
  });

  it("when the scheduler tries any other mapping command (reads included), then every one is refused", () => {
    const others = MAPPING_COMMANDS.filter((c) => c !== "channelsActivity");
    expect(others).toHaveLength(11);
    for (const command of others) expect(refusal(command, SCHEDULER).message).toContain(`may only call channelsActivity on channel-mapping; ${command} needs`);
  });
});

describe("identify", () => {
  it("when an actor is read, then a service stays a service and a user (with or without kind) a user", () => {
    expect(identify(SCHEDULER)).toEqual({ kind: "service", service: "scheduler" });
    expect(identify({ userId: "u", roles: [] })).toEqual({ kind: "user", userId: "u", roles: [] });
  });
});
