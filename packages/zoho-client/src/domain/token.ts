// The token endpoint's success body (doc §1.3, §1.4). Zoho answers errors with HTTP 200 too, so
// "success" means the body carries access_token (§1.7); this only parses that case.
import { z } from "zod";
import { type Checked, check, describe, f } from "./fields.ts";

export type TokenGrant = {
  accessToken: string;
  /** Only on a code exchange with access_type=offline (first consent or prompt=consent). */
  refreshToken: string | null;
  expiresInSec: number;
  /** The zohoapis domain, NOT the Cliq host: derive the Cliq host from the data centre. */
  apiDomain: string | null;
  scope: string | null;
  tokenType: string;
};

const grantSchema = z
  .looseObject(
    {
      access_token: f.string(),
      refresh_token: f.optString(),
      expires_in: f.optCount(),
      // Older Zoho responses sent expires_in in ms alongside expires_in_sec; prefer the latter.
      expires_in_sec: f.optCount(),
      api_domain: f.optString(),
      scope: f.optString(),
      token_type: f.optString(),
    },
    { error: (iss) => `must be a JSON object (got ${describe(iss.input)})` },
  )
  .superRefine((g, ctx) => {
    const secs = g.expires_in_sec ?? g.expires_in;
    if (secs === null) ctx.addIssue({ code: "custom", path: ["expires_in"], message: "is missing (expected a number of seconds)" });
    else if (secs <= 0) ctx.addIssue({ code: "custom", path: ["expires_in"], message: "must be a positive number of seconds" });
    if (g.access_token === "") ctx.addIssue({ code: "custom", path: ["access_token"], message: "must not be empty" });
  })
  .transform(
    (g): TokenGrant => ({
      accessToken: g.access_token,
      refreshToken: g.refresh_token === "" ? null : g.refresh_token,
      expiresInSec: Math.trunc(g.expires_in_sec ?? g.expires_in ?? 0),
      apiDomain: g.api_domain,
      scope: g.scope,
      tokenType: g.token_type ?? "Bearer",
    }),
  );

export function parseTokenGrant(body: unknown): Checked<TokenGrant> {
  return check(grantSchema, body, "token response");
}
