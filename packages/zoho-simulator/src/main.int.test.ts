import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const mainPath = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("standalone main", () => {
  it("when started with SIM_PORT=0 and sent SIGTERM, then it prints the data-centre URLs, serves them and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
      env: { ...process.env, SIM_PORT: "0", SIM_SEED: "2", SIM_CHANNELS: "2", SIM_MESSAGES: "5", SIM_PAGE_ORDER: "desc", SIM_THROTTLE_STATUS: "429" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no startup line: ${out}`)), 20_000);
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("counters")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const base = /listening on (http:\/\/\S+)/.exec(out)?.[1] as string;
    expect(out).toContain(`us: accounts ${base}/us/accounts`);
    const index = (await (await fetch(`${base}/`)).json()) as { channels: number };
    expect(index.channels).toBe(3);
    expect(out).toContain("quirks: pageOrder=desc; throttle status 429");
    expect(await (await fetch(`${base}/_sim/quirks`)).json()).toMatchObject({ pageOrder: "desc", bounds: "inclusive" });
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });

  it("when a variable has a bad value, then it exits 2 naming the variable and what it expects", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
      env: { ...process.env, SIM_PORT: "0", SIM_BOUNDS: "open" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (err += chunk));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(2);
    expect(err).toContain("SIM_BOUNDS");
    expect(err).toContain('"inclusive"|"exclusive"');
  });
});
