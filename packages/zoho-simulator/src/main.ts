// Runs the simulator standalone (npm start, local demos): `tsx src/main.ts`.
// Env: SIM_PORT (4600), SIM_HOST (127.0.0.1), SIM_SEED (1), SIM_CHANNELS (6), SIM_MESSAGES (240),
// SIM_LOCATIONS (us,eu,in), SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_REDIRECT_URIS (comma-separated).
import { z } from "zod";
import { generateOrg } from "./domain/generate-org.ts";
import { startSimulator } from "./simulator.ts";
import type { SimulatorOptions } from "./types.ts";

const list = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""));

const envSchema = z.object({
  SIM_PORT: z.coerce.number().int().min(0).max(65_535).default(4600),
  SIM_HOST: z.string().min(1).default("127.0.0.1"),
  SIM_SEED: z.coerce.number().int().default(1),
  SIM_CHANNELS: z.coerce.number().int().min(0).default(6),
  SIM_MESSAGES: z.coerce.number().int().min(0).default(240),
  SIM_LOCATIONS: list.optional(),
  SIM_CLIENT_ID: z.string().min(1).optional(),
  SIM_CLIENT_SECRET: z.string().min(1).optional(),
  SIM_REDIRECT_URIS: list.optional(),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`zoho-simulator: bad environment\n${z.prettifyError(parsed.error)}`);
    process.exit(2);
  }
  const env = parsed.data;
  const opts: SimulatorOptions = {
    port: env.SIM_PORT,
    host: env.SIM_HOST,
    data: generateOrg({ seed: env.SIM_SEED, channels: env.SIM_CHANNELS, messagesPerChannel: env.SIM_MESSAGES }),
  };
  if (env.SIM_LOCATIONS) opts.locations = env.SIM_LOCATIONS;
  if (env.SIM_CLIENT_ID) opts.clientId = env.SIM_CLIENT_ID;
  if (env.SIM_CLIENT_SECRET) opts.clientSecret = env.SIM_CLIENT_SECRET;
  if (env.SIM_REDIRECT_URIS) opts.redirectUris = env.SIM_REDIRECT_URIS;
  const sim = await startSimulator(opts);

  const lines = [`Zoho simulator listening on ${sim.url} (client_id ${sim.clientId})`];
  for (const dc of Object.values(sim.dataCentres)) lines.push(`  ${dc.location}: accounts ${dc.accountsServer}  cliq ${dc.cliqServer}/api/v2`);
  lines.push(`  index ${sim.url}/  counters ${sim.url}/_sim/counters`);
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
