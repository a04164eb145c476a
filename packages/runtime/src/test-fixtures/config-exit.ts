// Started by config.int.test.ts: a service entry point that reads a bad environment and must exit.
import { z } from "zod";
import { baseEnvShape, loadConfigOrExit } from "../index.ts";

const schema = z.object({ ...baseEnvShape, ZOHO_CLIENT_ID: z.string().min(1) });
loadConfigOrExit(schema, "fixture-service");
process.stdout.write("configuration accepted\n");
