import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const TSX = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../test-fixtures/config-exit.ts", import.meta.url));

function runFixture(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NATS_URL|ZOHO_CLIENT_ID|HEALTH_PORT)$/.test(k)));
  return spawnSync(TSX, [FIXTURE], { env: { ...clean, ...env }, encoding: "utf8", timeout: 30_000 });
}

describe("loadConfigOrExit", () => {
  it("when the environment is invalid, then the process exits non-zero with one stderr line naming each variable", () => {
    const r = runFixture({ NATS_URL: "foo" });
    expect(r.status).toBe(78);
    expect(r.stderr.trim()).toBe(
      'fixture-service: invalid configuration: NATS_URL must be a nats:// or tls:// or ws:// or wss:// URL (got "foo"); ZOHO_CLIENT_ID is required',
    );
    expect(r.stdout).not.toContain("configuration accepted");
  });

  it("when the environment is valid, then the service carries on", () => {
    const r = runFixture({ ZOHO_CLIENT_ID: "1000.ABC" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("configuration accepted");
  });
});
