// Runs the simulator standalone (npm start, local demos): `tsx src/main.ts`. The variables are
// read in main-env.ts and listed in the README ("Running standalone").
import { DEFAULT_QUIRKS } from "./domain/quirks.ts";
import { optionsFromEnv } from "./main-env.ts";
import { startSimulator } from "./simulator.ts";

async function main(): Promise<void> {
  const env = optionsFromEnv(process.env);
  if (!env.ok) {
    console.error(env.message);
    process.exit(2);
  }
  const opts = env.options;
  const sim = await startSimulator(opts);

  const lines = [`Zoho simulator listening on ${sim.url} (client_id ${sim.clientId})`];
  for (const dc of Object.values(sim.dataCentres)) lines.push(`  ${dc.location}: accounts ${dc.accountsServer}  cliq ${dc.cliqServer}/api/v2`);
  lines.push(`  index ${sim.url}/  counters ${sim.url}/_sim/counters  quirks ${sim.url}/_sim/quirks`);
  const changed = Object.entries(sim.quirks()).filter(([k, v]) => DEFAULT_QUIRKS[k as keyof typeof DEFAULT_QUIRKS] !== v);
  lines.push(`  quirks: ${changed.length === 0 ? "defaults" : changed.map(([k, v]) => `${k}=${String(v)}`).join(", ")}; throttle status ${sim.limits().throttleStatus}, lock ${sim.limits().lockMs} ms`);
  process.stdout.write(lines.join("\n") + "\n");

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`zoho-simulator: ${signal}, closing\n`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("zoho-simulator: close failed", err);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error("zoho-simulator: failed to start", err);
  process.exit(1);
});
