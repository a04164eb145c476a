import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const mainPath = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("standalone main", () => {
  it("when started with SIM_PORT=0 and sent SIGTERM, then it prints the data-centre URLs, serves them and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
      env: { ...process.env, SIM_PORT: "0", SIM_SEED: "2", SIM_CHANNELS: "2", SIM_MESSAGES: "5" },
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
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
