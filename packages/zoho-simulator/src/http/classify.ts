// Which simulated endpoint a raw request targets, decided from method and path before
// routing, so counters and faults also see requests that end in 404.
import type { RequestClass } from "../types.ts";

export type Classified = { location: string; cls: RequestClass | "other" };

const ACCOUNTS: Record<string, { method: string; cls: RequestClass }> = {
  "/oauth/v2/auth": { method: "GET", cls: "authorize" },
  "/oauth/v2/token": { method: "POST", cls: "token" },
  "/oauth/v2/token/revoke": { method: "POST", cls: "revoke" },
  "/oauth/v2/revoke/token": { method: "POST", cls: "revoke" },
};

export function classify(method: string, url: string, locations: ReadonlySet<string>): Classified | undefined {
  const path = url.split("?", 1)[0] ?? "";
  const m = /^\/([^/]+)\/(accounts|cliq)(\/.*)?$/.exec(path);
  if (!m || !locations.has(m[1] as string)) return undefined;
  const location = m[1] as string;
  const rest = m[3] ?? "";
  if (m[2] === "accounts") {
    const hit = ACCOUNTS[rest];
    return { location, cls: hit && hit.method === method ? hit.cls : "other" };
  }
  if (method !== "GET") return { location, cls: "other" };
  if (rest === "/api/v2/channels") return { location, cls: "channels" };
  if (/^\/api\/v2\/channels\/[^/]+$/.test(rest)) return { location, cls: "channel" };
  if (/^\/api\/v2\/chats\/[^/]+\/messages$/.test(rest)) return { location, cls: "messages" };
  return { location, cls: "other" };
}
