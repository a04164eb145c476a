// Small HTTP helpers for the simulator's own integration tests (plain fetch, like a client).
import type { Simulator } from "../types.ts";

export const REDIRECT = "http://localhost:3000/oauth/callback";
export const SCOPES = "ZohoCliq.Channels.READ,ZohoCliq.Messages.READ";

export type Json = Record<string, unknown>;

export async function consent(sim: Simulator, opts: { location?: string; state?: string; accessType?: string; prompt?: string; scope?: string; redirectUri?: string; clientId?: string } = {}): Promise<Response> {
  const q = new URLSearchParams({
    client_id: opts.clientId ?? sim.clientId,
    response_type: "code",
    redirect_uri: opts.redirectUri ?? REDIRECT,
    scope: opts.scope ?? SCOPES,
    access_type: opts.accessType ?? "offline",
  });
  if (opts.prompt !== undefined) q.set("prompt", opts.prompt);
  if (opts.state !== undefined) q.set("state", opts.state);
  return fetch(`${dc(sim, opts.location).accountsServer}/oauth/v2/auth?${q}`, { redirect: "manual" });
}

/** runs the consent and returns the code from the redirect */
export async function grantCode(sim: Simulator, opts: Parameters<typeof consent>[1] = {}): Promise<string> {
  const res = await consent(sim, opts);
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location") as string).searchParams.get("code") as string;
}

export async function tokenRequest(sim: Simulator, params: Record<string, string>, location?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${dc(sim, location).accountsServer}/oauth/v2/token`, { method: "POST", body: new URLSearchParams(params) });
  return { status: res.status, body: (await res.json()) as Json };
}

export function exchange(sim: Simulator, code: string, location?: string): Promise<{ status: number; body: Json }> {
  return tokenRequest(sim, { grant_type: "authorization_code", client_id: sim.clientId, client_secret: sim.clientSecret, redirect_uri: REDIRECT, code }, location);
}

export function refresh(sim: Simulator, refreshToken: string, location?: string): Promise<{ status: number; body: Json }> {
  return tokenRequest(sim, { grant_type: "refresh_token", client_id: sim.clientId, client_secret: sim.clientSecret, refresh_token: refreshToken }, location);
}

export async function cliq(sim: Simulator, path: string, token: string | undefined, opts: { location?: string; scheme?: string; signal?: AbortSignal } = {}): Promise<{ status: number; body: Json; text: string; type: string | null }> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `${opts.scheme ?? "Zoho-oauthtoken"} ${token}` };
  const init: RequestInit = { headers };
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(`${dc(sim, opts.location).cliqServer}${path}`, init);
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // non-JSON answers (HTML pages, truncated JSON) are read through `text`
  }
  return { status: res.status, body, text, type: res.headers.get("content-type") };
}

function dc(sim: Simulator, location = "us") {
  const d = sim.dataCentres[location];
  if (!d) throw new Error(`no data centre ${location}`);
  return d;
}
