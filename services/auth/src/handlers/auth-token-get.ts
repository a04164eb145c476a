import type { CommandHandlers } from "@cliq/runtime";
import type { AuthApp } from "./app.ts";

// Internal: other services ask here for the access token; it never travels on a stream.
export const authTokenGet = (app: AuthApp): NonNullable<CommandHandlers["authTokenGet"]> => async (req) => {
  const t = await app.tokens.getToken({
    ...(req.minValidityMs === undefined ? {} : { minValidityMs: req.minValidityMs }),
    ...(req.invalidVersion === undefined ? {} : { invalidVersion: req.invalidVersion }),
  });
  return { accessToken: t.accessToken, expiresAt: t.expiresAt.toISOString(), version: t.version, cliqServer: t.cliqServer, location: t.location };
};
