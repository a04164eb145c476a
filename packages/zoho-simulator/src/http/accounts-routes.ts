// Zoho Accounts for one data centre (doc §1): consent (auto-approved as the configured user),
// token grants, both revoke forms and serverinfo. Token errors answer HTTP 200 with an
// `error` body, as Zoho does (doc §1.7).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseScopes, type TokenOutcome } from "../domain/token-store.ts";
import { flattenQuery } from "../domain/query-params.ts";
import type { SimContext } from "./context.ts";
import { htmlPage, sendJson, sendTokenThrottle } from "./zoho-replies.ts";

export function accountsRoutes(ctx: SimContext, location: string) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/oauth/v2/auth", async (req, reply) => {
      const q = flattenQuery(req.query);
      const problem = consentProblem(ctx, q);
      if (problem) return reply.code(400).type("text/html;charset=UTF-8").send(htmlPage("Invalid Request", problem));
      const redirect = new URL(q.redirect_uri as string);
      const code = ctx.tokens.issueCode({
        clientId: ctx.clientId, redirectUri: q.redirect_uri as string, location, scopes: parseScopes(q.scope as string),
        userId: ctx.user.id, offline: q.access_type === "offline", promptConsent: q.prompt === "consent",
      });
      redirect.searchParams.append("code", code);
      redirect.searchParams.append("location", location);
      redirect.searchParams.append("accounts-server", accountsServer(ctx, location));
      if (q.state !== undefined) redirect.searchParams.append("state", q.state);
      return reply.redirect(redirect.toString(), 302);
    });

    app.post("/oauth/v2/token", async (req, reply) => {
      // Zoho reads these from the form body or the query string (doc §1.3), never from JSON
      const p = { ...flattenQuery(req.query), ...formBody(req) };
      let outcome: TokenOutcome;
      if (p.grant_type === "authorization_code") {
        outcome = ctx.tokens.exchangeCode(optional({ clientId: p.client_id, clientSecret: p.client_secret, code: p.code, redirectUri: p.redirect_uri }, location));
      } else if (p.grant_type === "refresh_token") {
        outcome = ctx.tokens.refresh(optional({ clientId: p.client_id, clientSecret: p.client_secret, refreshToken: p.refresh_token }, location));
      } else {
        return sendJson(reply, 200, { error: "unsupported_grant_type" });
      }
      return answerToken(reply, ctx, outcome, p.grant_type);
    });

    app.post("/oauth/v2/token/revoke", async (req, reply) => {
      const p = { ...flattenQuery(req.query), ...formBody(req) };
      if (p.token === undefined || !ctx.tokens.revoke(p.token)) return sendJson(reply, 400, { error: "invalid_token" });
      return sendJson(reply, 200, { status: "success" });
    });

    // the developer-docs form: client credentials in Basic auth, token_type named (doc §1.1)
    app.post("/oauth/v2/revoke/token", async (req, reply) => {
      const p = { ...flattenQuery(req.query), ...formBody(req) };
      if (!basicAuthMatches(req.headers.authorization, ctx)) return sendJson(reply, 401, { error: "invalid_client" });
      const kind = p.token === undefined ? undefined : ctx.tokens.tokenKind(p.token);
      if (kind === undefined || (p.token_type !== undefined && p.token_type !== kind)) return sendJson(reply, 400, { error: "invalid_token" });
      ctx.tokens.revoke(p.token as string);
      return sendJson(reply, 200, { status: "success" });
    });

    app.get("/oauth/serverinfo", async (_req, reply) => {
      const locations = Object.fromEntries(Object.values(ctx.dataCentres()).map((dc) => [dc.location, dc.accountsServer]));
      return sendJson(reply, 200, { result: "success", locations });
    });
  };
}

function answerToken(reply: FastifyReply, ctx: SimContext, outcome: TokenOutcome, grant: "authorization_code" | "refresh_token"): FastifyReply {
  if (outcome.kind === "throttled") {
    ctx.counters().throttles.token += 1;
    return sendTokenThrottle(reply, ctx.limits());
  }
  if (outcome.kind === "error") return sendJson(reply, 200, { error: outcome.error });
  ctx.counters().tokenGrants[grant] += 1;
  return sendJson(reply, 200, outcome.body);
}

function formBody(req: FastifyRequest): Record<string, string> {
  const type = req.headers["content-type"] ?? "";
  return type.startsWith("application/x-www-form-urlencoded") ? flattenQuery(req.body) : {};
}

function consentProblem(ctx: SimContext, q: Record<string, string>): string | undefined {
  if (q.client_id !== ctx.clientId) return "Invalid Client: the client_id is not registered.";
  if (q.response_type !== "code") return "Invalid response_type: only 'code' is supported.";
  const uri = q.redirect_uri;
  if (uri === undefined || !/^https?:\/\//i.test(uri) || !URL.canParse(uri)) return "Invalid Redirect Uri: it must be an http(s) URL.";
  if (ctx.redirectUris !== undefined && !ctx.redirectUris.includes(uri)) return "Invalid Redirect Uri: it does not match a registered redirect URI.";
  if (q.scope === undefined || parseScopes(q.scope).length === 0) return "Invalid scope: at least one scope is required.";
  if (q.access_type !== undefined && q.access_type !== "offline" && q.access_type !== "online") return "Invalid access_type.";
  return undefined;
}

function accountsServer(ctx: SimContext, location: string): string {
  return ctx.dataCentres()[location]?.accountsServer ?? "";
}

function basicAuthMatches(header: string | undefined, ctx: SimContext): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m) return false;
  return Buffer.from(m[1] as string, "base64").toString("utf8") === `${ctx.clientId}:${ctx.clientSecret}`;
}

/** drops undefined values so the store's optional fields stay absent (exactOptionalPropertyTypes) */
function optional<T extends Record<string, string | undefined>>(fields: T, location: string): { [K in keyof T]?: string } & { location: string } {
  const out: Record<string, string> = { location };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: string } & { location: string };
}
