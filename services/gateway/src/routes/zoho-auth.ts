// The Zoho Cliq connection, as the integrations page uses it. Everything is done by the auth
// service over NATS; these routes only check who may ask and translate HTTP to commands.
//
// - registerZohoAuthRoutes: mounted in the /api scope (bearer auth), paths /integrations/zoho-cliq/*.
//   Super admins only, except `status`, which backend users may read too.
// - registerZohoCallbackRoute: mounted on the ROOT app, GET /auth/zoho/callback. Zoho's consent
//   page redirects the browser here, without our bearer token; the single-use `state`, issued to
//   the user who started the flow, is what binds the code to that user.
import { AppError, authStatus, type CommandReplyData } from "@cliq/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { GatewayApp, GatewayDeps } from "../deps.ts";
import { actorOf, sendCommand } from "../nats-commands.ts";
import type { Role } from "../plugins/auth.ts";

export const ZOHO_CLIQ_BASE = "/integrations/zoho-cliq";
export const ZOHO_CALLBACK_PATH = "/auth/zoho/callback";
/** Where the browser lands after the redirect flow (the SPA's integrations page). */
export const INTEGRATIONS_PAGE = "/#/integrations";

const ADMIN: readonly Role[] = ["super_admin"];
const READERS: readonly Role[] = ["super_admin", "backend"];
/** Commands that call Zoho (and may wait for a refresh another replica holds) get longer. */
const ZOHO_CALL = { timeoutMs: 30_000 };

type Deps = Pick<GatewayDeps, "commands">;

const location = z.string().regex(/^[a-z]{2,10}$/, "a data-centre location such as us, eu or in");
const connectionSummary = z.object({ location: z.string(), expiresAt: z.string(), scopes: z.array(z.string()) });
const errorBody = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
const tags = ["integrations"];

export async function registerZohoAuthRoutes(app: GatewayApp, deps: Deps): Promise<void> {
  const { commands } = deps;

  app.get(
    `${ZOHO_CLIQ_BASE}/status`,
    { config: { roles: READERS }, schema: { tags, summary: "The Zoho Cliq connection: data centre, scopes, expiry, what to do next", response: { 200: authStatus } } },
    async (request) => sendCommand(commands, request, "authStatus", {}),
  );

  app.post(
    `${ZOHO_CLIQ_BASE}/authorize-url`,
    {
      config: { roles: ADMIN },
      schema: {
        tags,
        summary: "Start connecting: Zoho's consent URL with a fresh single-use state (valid 10 minutes)",
        // A POST with no body is checked as `null` by Fastify: accept it as "no location".
        body: z.object({ location: location.optional() }).strict().nullish(),
        response: { 200: z.object({ url: z.string(), state: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request) => sendCommand(commands, request, "authAuthorizeUrl", request.body?.location === undefined ? {} : { location: request.body.location }),
  );

  app.post(
    `${ZOHO_CLIQ_BASE}/complete`,
    {
      config: { roles: ADMIN },
      schema: {
        tags,
        summary: "Finish connecting with a pasted authorization code and the state from authorize-url",
        body: z
          .object({
            code: z.string().trim().min(1).max(500),
            state: z.string().trim().min(1).max(200),
            location: location.optional(),
            accountsServer: z.url().optional(),
          })
          .strict(),
        response: { 200: connectionSummary },
      },
    },
    async (request) => commands.request("authComplete", { ...request.body, actor: actorOf(request) }, ZOHO_CALL),
  );

  app.post(
    `${ZOHO_CLIQ_BASE}/test-connection`,
    {
      config: { roles: ADMIN },
      schema: {
        tags,
        summary: "Make one cheap real Cliq call (list one channel) and report latency or what failed",
        response: { 200: z.object({ ok: z.boolean(), latencyMs: z.number(), channelCount: z.number().nullable(), error: errorBody.nullable() }) },
      },
    },
    async (request) => sendCommand(commands, request, "authTestConnection", {}, ZOHO_CALL),
  );

  app.post(
    `${ZOHO_CLIQ_BASE}/refresh`,
    { config: { roles: ADMIN }, schema: { tags, summary: "Refresh the access token now", response: { 200: connectionSummary.extend({ version: z.number() }) } } },
    async (request) => sendCommand(commands, request, "authRefresh", {}, ZOHO_CALL),
  );

  app.post(
    `${ZOHO_CLIQ_BASE}/disconnect`,
    { config: { roles: ADMIN }, schema: { tags, summary: "Revoke the tokens at Zoho and forget them", response: { 200: z.object({ revoked: z.boolean() }) } } },
    async (request) => sendCommand(commands, request, "authDisconnect", {}, ZOHO_CALL),
  );

  app.post(
    `${ZOHO_CLIQ_BASE}/rotate`,
    {
      config: { roles: ADMIN },
      schema: { tags, summary: "Re-encrypt the stored tokens with the current encryption key", response: { 200: z.object({ reencrypted: z.number(), keyId: z.string() }) } },
    },
    async (request) => sendCommand(commands, request, "authRotate", {}),
  );
}

// Lenient on purpose: whatever Zoho (or a tampered link) sends, the browser gets a redirect to the
// integrations page with an error code, never a JSON error page.
const callbackQuery = z.object({
  code: z.string().max(500).optional(),
  state: z.string().max(200).optional(),
  location: z.string().max(10).optional(),
  "accounts-server": z.string().max(300).optional(),
  error: z.string().max(100).optional(),
});

function pageWith(params: Record<string, string>): string {
  return `${INTEGRATIONS_PAGE}?${new URLSearchParams(params).toString()}`;
}

/** Root-level GET /auth/zoho/callback (public: bound by the state, not a bearer token). */
export async function registerZohoCallbackRoute(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    ZOHO_CALLBACK_PATH,
    { config: { public: true }, schema: { tags, summary: "Zoho's OAuth redirect target; completes the connection and returns to the integrations page", querystring: callbackQuery } },
    async (request, reply) => {
      const q = request.query;
      if (q.error !== undefined) return reply.redirect(pageWith({ error: q.error === "access_denied" ? "access_denied" : "oauth_denied" }), 302);
      if (q.code === undefined || q.state === undefined) return reply.redirect(pageWith({ error: "oauth_state_invalid" }), 302);
      let result: CommandReplyData<"authComplete">;
      try {
        result = await deps.commands.request(
          "authComplete",
          {
            code: q.code,
            state: q.state,
            ...(q.location === undefined ? {} : { location: q.location }),
            ...(q["accounts-server"] === undefined ? {} : { accountsServer: q["accounts-server"] }),
          },
          ZOHO_CALL,
        );
      } catch (err) {
        const code = err instanceof AppError ? err.code : "internal";
        request.log.warn({ code }, "Zoho OAuth callback failed");
        return reply.redirect(pageWith({ error: code }), 302);
      }
      return reply.redirect(pageWith({ connected: "1", location: result.location }), 302);
    },
  );
}
