import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig, redactConfig } from "./config.ts";
import { baseEnvShape, envBool, envDuration, envEnum, envInt, envUrl, parseDurationMs } from "./env.ts";

function problemOf(schema: z.ZodObject, env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("when nothing is set, then the base variables take their defaults", () => {
    const cfg = loadConfig(z.object(baseEnvShape), {});
    expect(cfg).toEqual({
      NATS_URL: "nats://127.0.0.1:4222",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/cliq_sync",
      REDIS_URL: "redis://127.0.0.1:6379",
      SUBJECT_PREFIX: "",
      LOG_LEVEL: "info",
      HEALTH_PORT: 0,
      HEALTH_HOST: "127.0.0.1",
    });
  });

  it("when several variables are wrong, then one line names each and what it expects", () => {
    const schema = z.object({ ...baseEnvShape, ZOHO_CLIENT_ID: z.string().min(1) });
    const err = problemOf(schema, { NATS_URL: "foo", HEALTH_PORT: "99999" });
    expect(err.message).toBe(
      'invalid configuration: NATS_URL must be a nats:// or tls:// or ws:// or wss:// URL (got "foo"); ' +
        'HEALTH_PORT must be an integer between 0 and 65535 (got "99999"); ZOHO_CLIENT_ID is required',
    );
    expect(err.message).not.toContain("\n");
    expect(err.problems).toEqual([
      { variable: "NATS_URL", expected: "a nats:// or tls:// or ws:// or wss:// URL" },
      { variable: "HEALTH_PORT", expected: "an integer between 0 and 65535" },
      { variable: "ZOHO_CLIENT_ID", expected: "required" },
    ]);
  });

  it("when a secret-named variable is invalid, then its value is never echoed", () => {
    const schema = z.object({ ZOHO_CLIENT_SECRET: z.string().min(40), INGEST_TOKEN: envUrl(["https"]), ENCRYPTION_KEY: envInt(), DB_PASSWORD: envBool() });
    const err = problemOf(schema, { ZOHO_CLIENT_SECRET: "hunter2", INGEST_TOKEN: "tok-abc", ENCRYPTION_KEY: "k3y", DB_PASSWORD: "pw-xyz" });
    for (const v of ["hunter2", "tok-abc", "k3y", "pw-xyz"]) expect(err.message).not.toContain(v);
    expect(err.problems.map((p) => p.variable)).toEqual(["ZOHO_CLIENT_SECRET", "INGEST_TOKEN", "ENCRYPTION_KEY", "DB_PASSWORD"]);
  });

  it("when a URL with a password is invalid, then the password is masked in the message", () => {
    const err = problemOf(z.object({ DATABASE_URL: envUrl(["postgresql"]) }), { DATABASE_URL: "mysql://app:pa55word@db/x" });
    expect(err.message).toContain('(got "mysql://app:***@db/x")');
    expect(err.message).not.toContain("pa55word");
  });

  it("when a variable is empty, then it counts as unset and its default applies", () => {
    const cfg = loadConfig(z.object(baseEnvShape), { NATS_URL: "", LOG_LEVEL: "" });
    expect(cfg.NATS_URL).toBe("nats://127.0.0.1:4222");
    expect(cfg.LOG_LEVEL).toBe("info");
  });

  it("when SUBJECT_PREFIX has a dot, then it is rejected by the contract's prefix rule", () => {
    const err = problemOf(z.object(baseEnvShape), { SUBJECT_PREFIX: "a.b" });
    expect(err.problems).toEqual([{ variable: "SUBJECT_PREFIX", expected: "a subject prefix of letters, digits, '_' or '-' (at most 32 characters)" }]);
  });

  it("when a schema rule has its own wording, then the message still names the variable", () => {
    const err = problemOf(z.object({ NAME: z.string().min(3) }), { NAME: "ab" });
    expect(err.message).toMatch(/^invalid configuration: NAME is invalid: .*\(got "ab"\)$/);
  });

  it("when a config is redacted for logging, then secret values and URL passwords are masked", () => {
    expect(redactConfig({ ZOHO_CLIENT_SECRET: "s", DATABASE_URL: "postgresql://u:p@h/db", PORT: 1 })).toEqual({
      ZOHO_CLIENT_SECRET: "[redacted]",
      DATABASE_URL: "postgresql://u:***@h/db",
      PORT: 1,
    });
  });
});

describe("env field builders", () => {
  const parse = <T extends z.ZodType>(schema: T, value: string | undefined) => z.object({ V: schema }).safeParse(value === undefined ? {} : { V: value });

  it("envUrl accepts only the listed schemes", () => {
    const s = envUrl(["redis", "rediss"]);
    expect(parse(s, "rediss://h:6380").data).toEqual({ V: "rediss://h:6380" });
    expect(parse(s, "http://h").success).toBe(false);
    expect(parse(s, "not a url").success).toBe(false);
    expect(parse(s, undefined).success).toBe(false);
  });

  it("envInt parses integers within bounds and applies its default", () => {
    expect(parse(envInt({ min: 1, max: 10 }), "7").data).toEqual({ V: 7 });
    expect(parse(envInt({ min: 1, max: 10 }), "11").success).toBe(false);
    expect(parse(envInt({ min: 1 }), "1.5").success).toBe(false);
    expect(parse(envInt({ min: 1 }), "abc").success).toBe(false);
    expect(parse(envInt({ default: 3 }), undefined).data).toEqual({ V: 3 });
    expect(parse(envInt(), undefined).success).toBe(false);
  });

  it("envBool understands the usual spellings", () => {
    for (const t of ["true", "1", "YES", "on"]) expect(parse(envBool(), t).data).toEqual({ V: true });
    for (const f of ["false", "0", "no", "Off"]) expect(parse(envBool(), f).data).toEqual({ V: false });
    expect(parse(envBool(), "maybe").success).toBe(false);
    expect(parse(envBool(true), undefined).data).toEqual({ V: true });
  });

  it("envEnum accepts listed values only", () => {
    const s = envEnum(["a", "b"], "b");
    expect(parse(s, "a").data).toEqual({ V: "a" });
    expect(parse(s, undefined).data).toEqual({ V: "b" });
    const bad = parse(s, "c");
    expect(bad.error?.issues[0]?.message).toBe("must be one of a, b");
  });

  it("envDuration reads plain milliseconds and unit suffixes into integer ms", () => {
    expect(parseDurationMs("1500")).toBe(1500);
    expect(parseDurationMs("250ms")).toBe(250);
    expect(parseDurationMs("30s")).toBe(30_000);
    expect(parseDurationMs("5m")).toBe(300_000);
    expect(parseDurationMs("2h")).toBe(7_200_000);
    expect(parseDurationMs("1d")).toBe(86_400_000);
    expect(parseDurationMs("1.5s")).toBeUndefined();
    expect(parse(envDuration({ min: 1_000, max: 60_000 }), "30s").data).toEqual({ V: 30_000 });
    expect(parse(envDuration({ min: 1_000 }), "10ms").success).toBe(false);
    expect(parse(envDuration(5_000), undefined).data).toEqual({ V: 5_000 });
  });
});
