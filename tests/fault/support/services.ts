// The real auth and channel-mapping services of a fault stack, each its own OS process
// (src/main.ts), configured only through their environment, as in production.
import { randomBytes } from "node:crypto";
import { AppError, type Actor } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";
import type { Simulator } from "@cliq/zoho-simulator";
import { spawnService, waitFor, type ServiceProcess } from "./processes.ts";
import { SHARED_BUDGET_ENV } from "./stack.ts";

export const ADMIN: Actor = { userId: "fault-admin", roles: ["super_admin"] };
export const REDIRECT_URI = "http://127.0.0.1:8080/auth/zoho/callback";

export type SharedEnv = { NATS_URL: string; DATABASE_URL: string; DB_SCHEMA: string; REDIS_URL: string; SUBJECT_PREFIX: string };

/** `k1:<base64 of 32 random bytes>`: the auth service's token encryption key for this stack. */
export function newEncryptionKeys(): string {
  return `k1:${randomBytes(32).toString("base64")}`;
}

export function spawnAuth(shared: SharedEnv, sim: Simulator, keys: string): ServiceProcess {
  const dataCentres = Object.fromEntries(Object.values(sim.dataCentres).map((d) => [d.location, { accountsServer: d.accountsServer, cliqServer: d.cliqServer }]));
  return spawnService("auth", "auth", {
    ...shared,
    // debug: the more the service says, the more the secrets scan can check
    LOG_LEVEL: "debug",
    ZOHO_CLIENT_ID: sim.clientId,
    ZOHO_CLIENT_SECRET: sim.clientSecret,
    ZOHO_REDIRECT_URI: REDIRECT_URI,
    ZOHO_DATA_CENTRES: JSON.stringify(dataCentres),
    TOKEN_ENCRYPTION_KEYS: keys,
    // the renewal timer would refresh only near expiry (1 h tokens); keep it out of the counts
    TOKEN_REFRESH_CHECK_INTERVAL_MS: "600000",
  });
}

export function spawnChannelMapping(shared: SharedEnv): ServiceProcess {
  return spawnService("channel-mapping", "channel-mapping", {
    ...shared,
    LOG_LEVEL: "debug",
    CHANNEL_CACHE_TTL_MS: "0",
    ...SHARED_BUDGET_ENV,
    ZOHO_MAX_WAIT_MS: "20000",
    ZOHO_TIMEOUT_MS: "3000",
  });
}

/** Resolves once a command served by `proc` answers (any answer, including a contract error). */
export async function waitServing(proc: ServiceProcess, probe: () => Promise<unknown>): Promise<void> {
  await waitFor(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}):\n${proc.log.text().slice(-3_000)}`);
      try {
        await probe();
        return true;
      } catch (err) {
        return err instanceof AppError && err.code !== "service_unavailable" && err.code !== "timeout";
      }
    },
    `${proc.name} to serve commands`,
    45_000,
    200,
  );
}

/** The admin's consent flow against the simulator: authorize-url → consent (auto-approved) → complete. */
export async function connectZoho(commands: CommandClient, location = "us"): Promise<void> {
  const { url } = await commands.request("authAuthorizeUrl", { actor: ADMIN, location });
  const res = await fetch(url, { redirect: "manual" });
  if (res.status !== 302) throw new Error(`the simulator's consent answered ${res.status}`);
  const q = new URL(res.headers.get("location") ?? "").searchParams;
  await commands.request("authComplete", {
    code: q.get("code") ?? "",
    state: q.get("state") ?? "",
    location: q.get("location") ?? location,
    accountsServer: q.get("accounts-server") ?? "",
  });
}
