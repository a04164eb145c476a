// The previous (Supabase) build's edge-function names, mounted under /functions/v1 so its cron
// and callers keep working:
// - POST zoho-sync: the daily cron (`Authorization: Bearer <SERVICE_TOKEN>`), runs one scheduled
//   sweep with the scheduler's own runSweep — same slots and job ids as the scheduler's CronJob,
//   so running both never doubles a run. The sweep is the scheduler's code, so it reads the channel
//   list as the scheduler's service identity (SCHEDULER_ACTOR), whichever process runs it.
// - zoho-test-connection, zoho-refresh-tokens, zoho-channels, zoho-sync-trigger: aliases of /api
//   routes, with the same user JWT and roles.
import { AppError, COMMANDS, uuid } from "@cliq/contracts";
import { runSweep, sweepConfigFrom } from "@cliq/scheduler";
import { z } from "zod";
import type { GatewayApp, GatewayDeps } from "../deps.ts";
import { sendCommand } from "../nats-commands.ts";
import { COMMAND_EXAMPLES, EXAMPLE, withExample } from "../openapi/examples.ts";
import type { Role } from "../plugins/auth.ts";
import { requireServiceToken } from "../plugins/service-token.ts";
import { channelsQuery } from "./mappings.ts";
import { requestManualSync, syncAccepted } from "./sync.ts";

const STAFF: readonly Role[] = ["super_admin", "backend"];
const ADMIN: readonly Role[] = ["super_admin"];
const ZOHO_CALL = { timeoutMs: 30_000 };
const tags = ["seed aliases"];

export const sweepReport = withExample(
  z.object({
    slot: z.string(),
    mode: z.enum(["full", "interval"]),
    startedAt: z.string(),
    scanned: z.number().int(),
    due: z.number().int(),
    requested: z.number().int(),
    failed: z.number().int(),
    skipped: z.object({ paused: z.number().int(), needsAdmin: z.number().int(), unchanged: z.number().int() }),
    plannerUsed: z.boolean(),
    plannerError: z.string().optional(),
    durationMs: z.number().int(),
  }),
  {
    slot: "2026-01-05T02:00:00.000Z",
    mode: "full",
    startedAt: "2026-01-05T02:00:03.112Z",
    scanned: 3,
    due: 2,
    requested: 2,
    failed: 0,
    skipped: { paused: 1, needsAdmin: 0, unchanged: 0 },
    plannerUsed: true,
    durationMs: 41,
  },
);

export async function registerFunctionRoutes(app: GatewayApp, deps: GatewayDeps): Promise<void> {
  const { commands } = deps;
  const sweepConfig = sweepConfigFrom(deps.config);

  app.post(
    "/zoho-sync",
    {
      // Not a user route: the JWT guard steps aside and the service token is required instead.
      config: { public: true, serviceToken: true, errors: ["service_unavailable"] },
      onRequest: requireServiceToken(deps.config.SERVICE_TOKEN),
      schema: {
        tags,
        summary: "The seed's daily cron: run one scheduled sweep now (one sync.requested per due mapping, idempotent per schedule slot)",
        description:
          "Takes `Authorization: Bearer <SERVICE_TOKEN>`. Answers the sweep report; 503 `service_unavailable` (report in `details.report`) " +
          "when some publishes failed — calling again in the same slot repairs them without duplicating the others.",
        response: { 200: sweepReport },
      },
    },
    async (request) => {
      let report;
      try {
        report = await runSweep({ db: deps.db, publisher: deps.events, commands, logger: deps.logger, now: () => new Date(), config: sweepConfig });
      } catch (err) {
        request.log.error({ err }, "scheduled sweep failed");
        throw new AppError("service_unavailable", "the sweep could not run (mappings or NATS unavailable); it is safe to call again");
      }
      request.log.info({ report }, "scheduled sweep done");
      if (report.failed > 0) throw new AppError("service_unavailable", `${report.failed} of ${report.due} sync requests could not be published; call again to repair`, { report });
      return report;
    },
  );

  app.post(
    "/zoho-test-connection",
    {
      config: { roles: ADMIN, errors: ["zoho_not_connected", "timeout"] },
      schema: {
        tags,
        summary: "Alias of POST /api/integrations/zoho-cliq/test-connection",
        response: { 200: withExample(COMMANDS.authTestConnection.reply, COMMAND_EXAMPLES.authTestConnection) },
      },
    },
    async (request) => sendCommand(commands, request, "authTestConnection", {}, ZOHO_CALL),
  );

  app.post(
    "/zoho-refresh-tokens",
    {
      config: { roles: ADMIN, errors: ["zoho_not_connected", "reauth_required", "token_refresh_throttled", "timeout"] },
      schema: { tags, summary: "Alias of POST /api/integrations/zoho-cliq/refresh", response: { 200: withExample(COMMANDS.authRefresh.reply, COMMAND_EXAMPLES.authRefresh) } },
    },
    async (request) => sendCommand(commands, request, "authRefresh", {}, ZOHO_CALL),
  );

  app.get(
    "/zoho-channels",
    {
      config: { roles: STAFF, errors: ["zoho_not_connected", "reauth_required", "zoho_throttled", "zoho_unavailable", "timeout"] },
      schema: {
        tags,
        summary: "Alias of GET /api/zoho-cliq/channels",
        querystring: channelsQuery,
        response: { 200: withExample(COMMANDS.channelsList.reply, COMMAND_EXAMPLES.channelsList) },
      },
    },
    async (request) => {
      const q = Object.fromEntries(Object.entries(request.query).filter(([, v]) => v !== undefined));
      return sendCommand(commands, request, "channelsList", q, ZOHO_CALL);
    },
  );

  app.post(
    "/zoho-sync-trigger",
    {
      config: { roles: STAFF, errors: ["mapping_not_found", "mapping_paused"] },
      schema: {
        tags,
        summary: "Alias of POST /api/zoho-mappings/{id}/sync, with the mapping in the body",
        body: withExample(z.object({ mappingId: uuid }).strict(), { mappingId: EXAMPLE.mappingId }),
        response: { 202: syncAccepted },
      },
    },
    async (request, reply) => reply.code(202).send(await requestManualSync(deps, request, request.body.mappingId)),
  );
}
