// Zoho data centres (doc §1.9). The accounts server named in an OAuth redirect decides where the
// client secret is sent, so it must be one of a known table's servers, never an arbitrary host.
import { z } from "zod";

export type DataCentre = { location: string; accountsServer: string; cliqServer: string };
export type DataCentreOverrides = Record<string, { accountsServer: string; cliqServer: string }>;

const dc = (location: string, accountsServer: string, cliqServer: string): DataCentre =>
  Object.freeze({ location, accountsServer, cliqServer });

export const ZOHO_DATA_CENTRES: Readonly<Record<string, DataCentre>> = Object.freeze({
  us: dc("us", "https://accounts.zoho.com", "https://cliq.zoho.com"),
  eu: dc("eu", "https://accounts.zoho.eu", "https://cliq.zoho.eu"),
  in: dc("in", "https://accounts.zoho.in", "https://cliq.zoho.in"),
  au: dc("au", "https://accounts.zoho.com.au", "https://cliq.zoho.com.au"),
  jp: dc("jp", "https://accounts.zoho.jp", "https://cliq.zoho.jp"),
  cn: dc("cn", "https://accounts.zoho.com.cn", "https://cliq.zoho.com.cn"),
  // Canada is zohocloud.ca, not zoho.ca.
  ca: dc("ca", "https://accounts.zohocloud.ca", "https://cliq.zohocloud.ca"),
  sa: dc("sa", "https://accounts.zoho.sa", "https://cliq.zoho.sa"),
  uk: dc("uk", "https://accounts.zoho.uk", "https://cliq.zoho.uk"),
});

/** Scheme + host (+ non-default port) + path without trailing slashes, lower-cased; null if not a plain server URL. */
export function normaliseServerUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  if (u.username || u.password || u.search || u.hash) return null;
  return `${u.origin}${u.pathname.replace(/\/+$/, "")}`.toLowerCase();
}

function stripSlash(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

/**
 * The table to use: the default (production), or `overrides` REPLACING it entirely (the simulator,
 * where every location points at the local server).
 */
export function resolveDataCentres(overrides?: DataCentreOverrides): Record<string, DataCentre> {
  if (overrides === undefined || Object.keys(overrides).length === 0) return { ...ZOHO_DATA_CENTRES };
  const table: Record<string, DataCentre> = {};
  for (const [location, v] of Object.entries(overrides)) {
    table[location] = dc(location, stripSlash(v.accountsServer), stripSlash(v.cliqServer));
  }
  return table;
}

/**
 * The table entry matching `location` and/or `accountsServer` (both must agree when both are
 * given). Use the returned entry's URLs, not the caller's string, for every request.
 */
export function findDataCentre(
  table: Readonly<Record<string, DataCentre>>,
  by: { location?: string | undefined; accountsServer?: string | undefined },
): DataCentre | undefined {
  if (by.location === undefined && by.accountsServer === undefined) return undefined;
  const wanted = by.accountsServer === undefined ? undefined : normaliseServerUrl(by.accountsServer);
  if (wanted === null) return undefined;
  const location = by.location?.trim().toLowerCase();
  return Object.values(table).find(
    (d) =>
      (location === undefined || d.location.toLowerCase() === location) &&
      (wanted === undefined || normaliseServerUrl(d.accountsServer) === wanted),
  );
}

const serverUrl = z
  .string({ error: "must be a URL string" })
  .refine((v) => normaliseServerUrl(v) !== null, "must be an http(s) server URL without credentials, query or fragment");

const LOCATION_KEY = /^[a-z][a-z0-9-]{0,31}$/;

const overridesSchema = z
  .record(z.string(), z.strictObject({ accountsServer: serverUrl, cliqServer: serverUrl }))
  .superRefine((r, ctx) => {
    const keys = Object.keys(r);
    if (keys.length === 0) ctx.addIssue({ code: "custom", message: "must name at least one location" });
    for (const k of keys) {
      if (!LOCATION_KEY.test(k)) ctx.addIssue({ code: "custom", path: [k], message: 'location keys must be lower-case, like "us"' });
    }
  });

/**
 * The env var ZOHO_DATA_CENTRES: a JSON object `{ "<location>": { accountsServer, cliqServer } }`.
 * Parse with `.safeParse(process.env.ZOHO_DATA_CENTRES)` and report `z.prettifyError`.
 */
export const ZohoDataCentresEnv = z
  .string({ error: "ZOHO_DATA_CENTRES must be a JSON string" })
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `ZOHO_DATA_CENTRES is not valid JSON (${(err as Error).message})` });
      return z.NEVER;
    }
  })
  .pipe(overridesSchema);

/** The table for a service: default when ZOHO_DATA_CENTRES is unset/empty, else the override (validated). */
export function dataCentresFromEnv(raw: string | undefined): Record<string, DataCentre> {
  if (raw === undefined || raw.trim() === "") return resolveDataCentres();
  const parsed = ZohoDataCentresEnv.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid ZOHO_DATA_CENTRES:\n${z.prettifyError(parsed.error)}`);
  return resolveDataCentres(parsed.data);
}
