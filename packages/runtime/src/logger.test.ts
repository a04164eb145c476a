import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

const SECRET = "s3cr3t-value";

describe("createLogger", () => {
  it("when objects carrying credentials are logged at any depth we use, then the secret text never appears", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "test", level: "trace", destination });
    logger.info({ accessToken: SECRET, refresh_token: SECRET, password: SECRET }, "top level");
    logger.info({ tokens: { accessToken: SECRET, refreshToken: SECRET, access_token: SECRET, refresh_token: SECRET } }, "one deep");
    logger.info({ zoho: { oauth: { clientSecret: SECRET, client_secret: SECRET, token: SECRET, secret: SECRET } } }, "two deep");
    logger.info({ a: { b: { c: { password: SECRET, apiKey: SECRET } } } }, "three deep");
    logger.info({ req: { headers: { authorization: `Bearer ${SECRET}`, cookie: `sid=${SECRET}` } } }, "request headers");
    logger.info({ headers: { Authorization: `Zoho-oauthtoken ${SECRET}`, "set-cookie": SECRET, "x-api-key": SECRET } }, "headers");
    logger.info({ response: { headers: { authorization: SECRET, Cookie: SECRET } } }, "nested headers");
    logger.child({ token: SECRET }).info("child bindings");
    const out = lines.join("");
    expect(lines).toHaveLength(8);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted]");
  });

  it("when ordinary fields are logged, then they are kept and the service is named", () => {
    const { lines, destination } = capture();
    createLogger({ service: "sync-worker", destination }).info({ jobId: "j1", code: "zoho_throttled" }, "run failed");
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ service: "sync-worker", jobId: "j1", code: "zoho_throttled", msg: "run failed", level: 30 });
  });

  it("when the level is raised, then lower entries are dropped", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "t", level: "warn", destination });
    logger.info("hidden");
    logger.warn("shown");
    expect(lines).toHaveLength(1);
  });
});
