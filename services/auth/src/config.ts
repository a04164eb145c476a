// The auth service's environment. A bad encryption key stops the service at start-up with a
// message naming the problem (length, format, duplicate id), never the key itself.
import { z } from "zod";
import { baseEnvShape, envDuration, envInt, envUrl, loadConfig } from "@cliq/runtime";
import { ZohoDataCentresEnv } from "@cliq/zoho-client";
import { DEFAULT_REFRESH_BUDGET } from "./domain/refresh-policy.ts";
import { parseKeyring } from "./domain/crypto.ts";

export const DEFAULT_SCOPES = "ZohoCliq.Channels.READ,ZohoCliq.Messages.READ";

const keyringVar = z.string().transform((raw, ctx) => {
  try {
    return parseKeyring(raw);
  } catch (err) {
    ctx.issues.push({ code: "custom", message: (err as Error).message, input: "[redacted]" });
    return z.NEVER;
  }
});

const scopesVar = z
  .string()
  .default(DEFAULT_SCOPES)
  .transform((raw, ctx) => {
    const scopes = raw.split(/[\s,]+/).filter((s) => s !== "");
    if (scopes.length === 0 || !scopes.every((s) => /^[A-Za-z]+\.[A-Za-z]+\.[A-Za-z]+$/.test(s))) {
      ctx.issues.push({ code: "custom", message: "must be a comma-separated list of scopes such as ZohoCliq.Channels.READ", input: raw });
      return z.NEVER;
    }
    return scopes;
  });

export const authEnvSchema = z.object({
  ...baseEnvShape,
  ZOHO_CLIENT_ID: z.string().min(1, "must be the client id from Zoho's API console"),
  ZOHO_CLIENT_SECRET: z.string().min(1, "must be the client secret from Zoho's API console"),
  /** Where Zoho sends the browser after consent: the gateway's GET /auth/zoho/callback. */
  ZOHO_REDIRECT_URI: envUrl(["http", "https"]),
  ZOHO_SCOPES: scopesVar,
  ZOHO_DEFAULT_LOCATION: z.string().regex(/^[a-z]{2,10}$/, "must be a data-centre location such as us, eu or in").default("us"),
  ZOHO_DATA_CENTRES: ZohoDataCentresEnv.optional(),
  /** "k2:<base64 32 bytes>,k1:<base64 32 bytes>" — the first key encrypts, all decrypt. */
  TOKEN_ENCRYPTION_KEYS: keyringVar,
  TOKEN_REFRESH_MARGIN_MS: envDuration({ default: 600_000, min: 60_000, max: 1_800_000 }),
  /** How often the renewal timer looks at the stored expiry. */
  TOKEN_REFRESH_CHECK_INTERVAL_MS: envDuration({ default: 30_000, min: 50, max: 600_000 }),
  /** Refreshes allowed per refresh token per 10 minutes, shared by all replicas (Zoho locks at 10). */
  TOKEN_REFRESH_BUDGET: envInt({ min: 1, max: 9, default: DEFAULT_REFRESH_BUDGET }),
  /** Where /healthz and /readyz listen: 0.0.0.0 in a container so the kubelet reaches them. */
  HEALTH_HOST: z.string().min(1).default("127.0.0.1"),
});

export type AuthConfig = z.infer<typeof authEnvSchema>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(authEnvSchema, env);
}
