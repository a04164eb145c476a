// docker-compose.yml, checked offline (there is no Docker engine here): the Compose
// Specification schema, every service's environment against that service's own config schema,
// the wiring between containers, and `docker-compose config -q` where the tool is installed.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sharedBudgetOptions, type ZohoBudgetConfig } from "@cliq/zoho-limiter";
import { describe, expect, it } from "vitest";
import { commandOf, environmentOf, InterpolationError, loadComposeFile, type ComposeFile } from "./deploy/compose-file.ts";
import { createComposeValidator } from "./deploy/compose-schema.ts";
import { checkServiceEnv, serviceOfCommand, SERVICE_NAMES, type ServiceName } from "./deploy/service-env.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const COMPOSE = `${root}docker-compose.yml`;
const text = readFileSync(COMPOSE, "utf8");
/** What the header tells a user to export. */
const USER_ENV = { TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`, JWT_SECRET: randomBytes(32).toString("hex") };
const compose: ComposeFile = loadComposeFile(text, USER_ENV);

function runningServices(): Array<{ name: string; service: ServiceName; env: Record<string, string> }> {
  return Object.entries(compose.services).flatMap(([name, svc]) => {
    const service = serviceOfCommand(commandOf(svc));
    return service === undefined ? [] : [{ name, service, env: environmentOf(svc) }];
  });
}

function whichDockerCompose(): Promise<string | null> {
  return promisify(execFile)("docker-compose", ["version", "--short"]).then(
    () => "docker-compose",
    () => null,
  );
}

describe("docker-compose.yml", () => {
  it("when checked against the Compose Specification schema, then it is valid (and the check does catch a misspelt key)", () => {
    const validate = createComposeValidator();
    expect(validate(compose)).toEqual([]);
    const broken = structuredClone(compose);
    (broken.services.auth as Record<string, unknown>).enviroment = {};
    expect(validate(broken)).toContainEqual({ path: "/services/auth", message: "must NOT have additional properties (enviroment)" });
  });

  it("when each service's environment is read by that service's own config schema, then every service accepts it and no variable is unknown to it", () => {
    const found = runningServices();
    expect(found.map((s) => s.service).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const { name, service, env } of found) {
      expect({ name, problems: checkServiceEnv(service, env, { strict: true }).problems }).toEqual({ name, problems: [] });
    }
  });

  it("when a required secret is not exported, then Compose refuses to start and names it", () => {
    expect(() => loadComposeFile(text, { JWT_SECRET: USER_ENV.JWT_SECRET })).toThrow(InterpolationError);
    expect(() => loadComposeFile(text, { JWT_SECRET: USER_ENV.JWT_SECRET })).toThrow(/^TOKEN_ENCRYPTION_KEYS: set TOKEN_ENCRYPTION_KEYS=/);
  });

  it("when the containers run, then each listens for health on all interfaces and its healthcheck probes that port", () => {
    for (const { name, env } of runningServices()) {
      const port = name === "gateway" ? env.PORT : env.HEALTH_PORT;
      expect({ name, host: env.HEALTH_HOST, port: Number(port) > 0 }).toEqual({ name, host: "0.0.0.0", port: true });
      expect({ name, probe: JSON.stringify(compose.services[name]!.healthcheck?.test) }).toEqual({ name, probe: expect.stringContaining(`127.0.0.1:${port}/readyz`) });
    }
  });

  it("when the dev profile runs, then the services reach the simulator and the sink by service name on the ports they listen on", () => {
    const sim = environmentOf(compose.services["zoho-simulator"]!);
    const sink = environmentOf(compose.services["ingest-sink"]!);
    expect([compose.services["zoho-simulator"]!.profiles, compose.services["ingest-sink"]!.profiles]).toEqual([["dev"], ["dev"]]);
    expect([sim.SIM_HOST, sink.SINK_HOST]).toEqual(["0.0.0.0", "0.0.0.0"]);

    const auth = environmentOf(compose.services.auth!);
    const centres = JSON.parse(auth.ZOHO_DATA_CENTRES!) as Record<string, { accountsServer: string; cliqServer: string }>;
    expect(Object.keys(centres).sort()).toEqual(["eu", "in", "us"]);
    for (const [loc, dc] of Object.entries(centres)) {
      expect(dc).toEqual({ accountsServer: `http://zoho-simulator:${sim.SIM_PORT}/${loc}/accounts`, cliqServer: `http://zoho-simulator:${sim.SIM_PORT}/${loc}/cliq` });
    }
    const worker = environmentOf(compose.services["sync-worker"]!);
    expect(worker.INGEST_URL).toBe(`http://ingest-sink:${sink.SINK_PORT}/ingest`);
    expect(sink.SINK_TOKEN).toBe(worker.INGEST_TOKEN);
  });

  it("when the stack starts, then NATS keeps JetStream on a volume and every service waits for what it needs", () => {
    const nats = compose.services.nats!;
    expect(commandOf(nats)).toEqual(expect.arrayContaining(["--jetstream", "--store_dir", "/data"]));
    expect(nats.volumes).toEqual(["nats-data:/data"]);
    expect(commandOf(compose.services.migrate!).slice(-2)).toEqual(["migrate", "deploy"]);
    for (const [name, svc] of Object.entries(compose.services)) {
      const deps = svc.depends_on === undefined ? [] : Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on);
      for (const dep of deps) expect({ name, dep, exists: dep in compose.services }).toEqual({ name, dep, exists: true });
    }
    for (const { name, env } of runningServices()) {
      if (name === "gateway") continue;
      expect({ name, dependsOn: compose.services[name]!.depends_on }).toMatchObject({ name, dependsOn: { migrate: { condition: "service_completed_successfully" } } });
      expect(env.DATABASE_URL).toBe(environmentOf(compose.services.migrate!).DATABASE_URL);
    }
  });

  it("when channel-mapping and the sync workers call Zoho, then they draw from one shared budget", () => {
    const mapping = checkServiceEnv("channel-mapping", environmentOf(compose.services["channel-mapping"]!), { strict: true }).config!;
    const worker = checkServiceEnv("sync-worker", environmentOf(compose.services["sync-worker"]!), { strict: true }).config!;
    // Same id, budgets, window and spacing: the settings in Redis do not depend on who started last.
    expect(sharedBudgetOptions(mapping as unknown as ZohoBudgetConfig)).toEqual(sharedBudgetOptions(worker as unknown as ZohoBudgetConfig));
  });

  it("when docker-compose is installed, then `docker-compose config -q` accepts the file with and without the dev profile", async (ctx) => {
    const bin = await whichDockerCompose();
    if (bin === null) ctx.skip("docker-compose is not installed (apt-get install --no-install-recommends docker-compose; scripts/ci-extra.sh does it in CI)");
    const env = { ...process.env, ...USER_ENV };
    for (const profile of [[], ["--profile", "dev"]]) {
      await expect(promisify(execFile)(bin!, ["-f", COMPOSE, ...profile, "config", "-q"], { env, cwd: root })).resolves.toMatchObject({ stderr: "" });
    }
  });
});
