import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "./args.ts";

const NOW = new Date("2025-01-06T12:00:00Z");
const env = {};
const parse = (...argv: string[]) => parseCommand(argv, env, NOW);
const problem = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error("expected a UsageError");
};

describe("parseCommand", () => {
  it("when list gets filters, then they are typed (durations count back from now)", () => {
    expect(parse("list", "--since", "24h", "--mapping", "0A1B2C3D-4E5F-4A6B-8C7D-8E9F00112233", "--code", "ingest_rejected", "--limit", "5", "--json")).toEqual({
      name: "list",
      conn: { natsUrl: "nats://127.0.0.1:4222", prefix: "" },
      filter: { jobIds: [], since: new Date("2025-01-05T12:00:00Z"), mappingId: "0a1b2c3d-4e5f-4a6b-8c7d-8e9f00112233", code: "ingest_rejected" },
      limit: 5,
      json: true,
    });
  });

  it("when the connection is not given, then NATS_URL and SUBJECT_PREFIX from the environment apply", () => {
    const cmd = parseCommand(["rebuild-projection", "--from-seq", "7"], { NATS_URL: "nats://nats:4222", SUBJECT_PREFIX: "staging" }, NOW);
    expect(cmd).toMatchObject({ name: "rebuild-projection", conn: { natsUrl: "nats://nats:4222", prefix: "staging" }, fromSeq: 7, dryRun: false });
  });

  it("when a value is malformed, then the error names the flag and what it expects", () => {
    expect(problem("list", "--mapping", "abc")).toBe('--mapping must be a UUID (got "abc")');
    expect(problem("list", "--code", "boom")).toMatch(/^--code must be an error code from @cliq\/contracts/);
    expect(problem("list", "--since", "yesterday")).toMatch(/^--since must be an ISO date-time .* \(got "yesterday"\)$/);
    expect(problem("list", "--limit", "0")).toBe('--limit must be a positive integer (got "0")');
    expect(problem("show", "--seq", "-3")).toMatch(/--seq/);
    expect(problem("list", "--nats-url", "http://x")).toMatch(/^--nats-url must be a nats:\/\//);
    expect(problem("list", "--prefix", "a.b")).toMatch(/^--prefix must be letters/);
    expect(problem("replay", "--job", "nope")).toBe('--job must be a UUID (got "nope")');
  });

  it("when a flag is unknown or belongs to another command, then it is named", () => {
    expect(problem("list", "--frm-seq", "3")).toMatch(/--frm-seq/);
    expect(problem("list", "--from-seq", "3")).toBe("--from-seq does not apply to list");
    expect(problem("frobnicate")).toMatch(/^unknown command "frobnicate"/);
  });

  it("when replay has no selector, then it is refused rather than replaying everything", () => {
    expect(problem("replay", "--dry-run")).toMatch(/^replay needs a selector/);
    expect(parse("replay", "--job", "7f0c2d4e-1a2b-4c3d-8e9f-001122334455", "--job", "7f0c2d4e-1a2b-4c3d-8e9f-001122334466", "--dry-run")).toMatchObject({
      name: "replay",
      dryRun: true,
      force: false,
      by: "ops-cli",
      filter: { jobIds: ["7f0c2d4e-1a2b-4c3d-8e9f-001122334455", "7f0c2d4e-1a2b-4c3d-8e9f-001122334466"] },
    });
  });

  it("when show gets both or neither of --seq and --id, then it says which it needs", () => {
    expect(problem("show")).toBe("show needs exactly one of --seq or --id");
    expect(problem("show", "--seq", "1", "--id", "x")).toBe("show needs exactly one of --seq or --id");
    expect(parse("show", "--seq", "12")).toMatchObject({ name: "show", seq: 12 });
  });

  it("when no command or --help is given, then help is the command", () => {
    expect(parse()).toEqual({ name: "help" });
    expect(parse("list", "--help")).toEqual({ name: "help" });
  });
});
