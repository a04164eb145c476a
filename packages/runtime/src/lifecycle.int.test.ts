import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./test-fixtures/service.ts", import.meta.url));

type Run = { code: number | null; stdout: string };

/** Starts the fixture, sends `signals` once it logs "started", and resolves with how it ended. */
function runFixture(mode: string, signals: NodeJS.Signals[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Plain node with tsx's loader (not the tsx CLI, which relays signals through a parent process).
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      cwd: REPO,
      env: { ...process.env, FIXTURE_MODE: mode },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fixture (${mode}) did not exit; output: ${stdout}`));
    }, 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && stdout.includes("fixture started")) {
        signalled = true;
        // Spaced out: two identical signals sent at once can arrive as one.
        signals.forEach((s, i) => setTimeout(() => child.kill(s), i * 150));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

describe.concurrent("runService", () => {
  it("when SIGTERM arrives, then the service stops once and exits 0", async () => {
    const r = await runFixture("ok", ["SIGTERM"]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/FIXTURE_STOP_DONE/g)).toHaveLength(1);
    expect(r.stdout).toContain("fixture stopped");
  });

  it("when start fails, then the failure is logged and the process exits 1", async () => {
    const r = await runFixture("start-fails", []);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("cannot reach the database");
  });

  it("when stop exceeds the shutdown timeout, then the process exits 1", async () => {
    const r = await runFixture("slow-stop", ["SIGTERM"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("did not stop within 500 ms");
  });

  it("when stop throws, then the process exits 1", async () => {
    const r = await runFixture("stop-throws", ["SIGINT"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("failed to stop cleanly");
  });

  it("when a second signal arrives during stop, then the process exits 1 at once", async () => {
    const r = await runFixture("slow-stop", ["SIGTERM", "SIGTERM"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("second signal");
  });
});
