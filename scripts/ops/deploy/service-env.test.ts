import { describe, expect, it } from "vitest";
import { checkServiceEnv, serviceOfCommand } from "./service-env.ts";

describe("checkServiceEnv", () => {
  it("when a variable is misspelt or given to a service that does not read it, then it is named", () => {
    const { problems } = checkServiceEnv("scheduler", { HEALTHPORT: "9090", INGEST_URL: "http://sink/ingest" }, { strict: true });
    expect(problems).toEqual(["HEALTHPORT is not read by scheduler", "INGEST_URL is not read by scheduler"]);
  });

  it("when a value would stop the service at start-up, then the service's own message is reported", () => {
    const { config, problems } = checkServiceEnv("sync-worker", { INGEST_URL: "not a url", INGEST_TOKEN: "t" }, { strict: false });
    expect(config).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/^sync-worker: invalid configuration: INGEST_URL must be a http:\/\/ or https:\/\/ URL/)]);
  });

  it("when a container command runs a service's main.ts, then the service is recognised", () => {
    expect(serviceOfCommand(["node_modules/.bin/tsx", "services/scheduler/src/main.ts", "run-once"])).toBe("scheduler");
    expect(serviceOfCommand(["packages/zoho-simulator/src/main.ts"])).toBeUndefined();
  });
});
