// Started by lifecycle.int.test.ts: a service whose start/stop behaviour is chosen by FIXTURE_MODE.
import { createLogger, runService } from "../index.ts";

const mode = process.env.FIXTURE_MODE ?? "ok";
const logger = createLogger({ service: "fixture", level: "info" });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

await runService({
  name: "fixture",
  logger,
  shutdownTimeoutMs: 500,
  start: async () => {
    if (mode === "start-fails") throw new Error("cannot reach the database");
    const keepAlive = setInterval(() => undefined, 1_000);
    return {
      stop: async () => {
        clearInterval(keepAlive);
        if (mode === "slow-stop") await wait(5_000);
        if (mode === "stop-throws") throw new Error("drain failed");
        await wait(50);
        process.stdout.write("FIXTURE_STOP_DONE\n");
      },
    };
  },
});
