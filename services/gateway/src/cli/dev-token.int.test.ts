// Runs the real CLI (as `npm run dev-token` does) and feeds its token to the app.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildTestGateway, TEST_SECRET } from "../test-fixtures/gateway.ts";

const run = promisify(execFile);
const CLI = fileURLToPath(new URL("./dev-token.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));

describe("dev-token CLI", () => {
  it("when JWT_SECRET is set, then it prints a token the gateway accepts with the asked role", async () => {
    const { stdout } = await run(TSX, [CLI, "--role", "backend", "--role", "admin", "--sub", "dev@example.com", "--ttl", "1h"], {
      env: { ...process.env, JWT_SECRET: TEST_SECRET },
    });
    const app = await buildTestGateway();
    const res = await app.inject({ method: "GET", url: "/api/me", headers: { authorization: `Bearer ${stdout.trim()}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: "dev@example.com", roles: ["backend", "admin"] });
    await app.close();
  });

  it("when JWT_SECRET is missing, then it exits non-zero with a clear message and prints no token", async () => {
    const { JWT_SECRET: _unset, ...env } = process.env;
    const failure = await run(TSX, [CLI], { env }).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr).toContain("JWT_SECRET is not set");
  });
});
