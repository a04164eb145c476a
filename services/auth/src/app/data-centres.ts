// Which Zoho data centre a request goes to. Every host comes from the configured table (the
// production one, or an override such as the simulator's); a host from the browser redirect is
// only ever used to pick a row of that table.
import { AppError } from "@cliq/contracts";
import { findDataCentre, type DataCentre } from "@cliq/zoho-client";

export type DataCentres = ReturnType<typeof createDataCentres>;

export function createDataCentres(table: Readonly<Record<string, DataCentre>>) {
  const known = () => Object.keys(table).join(", ");
  return {
    table,
    byLocation(location: string): DataCentre {
      const dc = findDataCentre(table, { location });
      if (dc === undefined) throw new AppError("bad_request", `'${location}' is not a known Zoho data centre (known: ${known()}).`);
      return dc;
    },
    /** The data centre named by the OAuth redirect (`accounts-server` / `location`), else the fallback. */
    forRedirect(by: { accountsServer?: string | undefined; location?: string | undefined; fallbackLocation: string }): DataCentre {
      if (by.accountsServer === undefined && by.location === undefined) return this.byLocation(by.fallbackLocation);
      const dc = findDataCentre(table, { accountsServer: by.accountsServer, location: by.location });
      if (dc !== undefined) return dc;
      if (by.accountsServer !== undefined) {
        throw new AppError(
          "bad_request",
          `The accounts server '${by.accountsServer}'${by.location ? ` (location '${by.location}')` : ""} is not one of the known Zoho data centres (${known()}); the code was not exchanged.`,
        );
      }
      return this.byLocation(by.location!);
    },
    /** The Cliq host for a stored connection (older rows without one: by location). */
    cliqServerFor(row: { cliqServer: string | null; location: string }): string {
      return row.cliqServer ?? this.byLocation(row.location).cliqServer;
    },
  };
}
