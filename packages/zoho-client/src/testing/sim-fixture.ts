// Integration-test wiring: a private simulator on a random port, the client pointed at it
// through the data-centre override (exactly how a service is configured for the simulator).
import { type Simulator, type SimulatorOptions, startSimulator } from "@cliq/zoho-simulator";
import { type ZohoClient, type ZohoClientOptions, createZohoClient } from "../client.ts";
import { type DataCentre, resolveDataCentres } from "../data-centres.ts";

export type Fixture = { sim: Simulator; table: Record<string, DataCentre>; us: DataCentre; client: ZohoClient; close(): Promise<void> };

export async function startFixture(opts: SimulatorOptions = {}, clientOpts: ZohoClientOptions = {}): Promise<Fixture> {
  const sim = await startSimulator(opts);
  const table = resolveDataCentres(sim.dataCentres);
  const us = table.us;
  if (!us) throw new Error("the simulator serves no us data centre");
  const client = createZohoClient({ timeoutMs: 3_000, ...clientOpts });
  return {
    sim,
    table,
    us,
    client,
    async close() {
      await client.close();
      await sim.close();
    },
  };
}

/** The rejection of `p`; fails the test if `p` resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error("expected the call to fail, but it succeeded");
}
