import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestGateway } from "../test-fixtures/gateway.ts";
import { CONSOLE_CSP } from "./plugin.ts";

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestGateway();
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: "GET", url });

describe("the console plugin", () => {
  it("when the browser opens /, then the console page is served without a token, with a strict content policy", async () => {
    const res = await get("/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain('<script type="module" src="/js/app.js">');
    expect(res.headers["content-security-policy"]).toBe(CONSOLE_CSP);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("when the page loads its modules, then every module it imports (transitively) is served as JavaScript", async () => {
    const seen = new Set<string>();
    const queue = ["/js/app.js"];
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await get(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers["content-type"], path).toMatch(/^(text|application)\/javascript/);
      for (const [, spec] of res.body.matchAll(/(?:import|from)\s*["']([^"']+)["']/g)) {
        queue.push(new URL(spec!, `http://x${path}`).pathname);
      }
    }
    expect(seen.size).toBeGreaterThan(8);
    expect((await get("/styles.css")).headers["content-type"]).toMatch(/^text\/css/);
  });

  it("when a path is not a console file, then the gateway's JSON 404 answers (no catch-all, nothing outside public/)", async () => {
    for (const url of ["/nope.js", "/../package.json", "/%2e%2e/src/app.ts", "/js/live-state.d.ts", "/api/nothing-here"]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: "route_not_found" } });
    }
  });

  it("when the API is called, then it is still authenticated (the console adds no public API route)", async () => {
    const res = await get("/api/me");
    expect(res.statusCode).toBe(401);
    expect((await get("/healthz")).statusCode).toBe(200);
  });
});
