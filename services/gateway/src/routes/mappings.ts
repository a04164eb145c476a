// Zoho Cliq channel mappings, as the rooms screen uses them: the organisation's channel list, a
// client's rooms with their mapping and live sync status, map/unmap/pause/resume a room, and the
// sync history. channel-mapping does the work over NATS; these routes check who may ask and
// translate HTTP to commands. Super admins and backend users only.
import { AppError, COMMANDS, SYNC_STATUSES, zohoChannelId, type ErrorCode } from "@cliq/contracts";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { GatewayApp, GatewayDeps } from "../deps.ts";
import { sendCommand } from "../nats-commands.ts";
import { COMMAND_EXAMPLES, EXAMPLE, withExample } from "../openapi/examples.ts";
import type { Role } from "../plugins/auth.ts";

const ROLES: readonly Role[] = ["super_admin", "backend"];
const config = { roles: ROLES };
const withErrors = (...errors: ErrorCode[]) => ({ roles: ROLES, errors });
const ZOHO_ERRORS: ErrorCode[] = ["zoho_not_connected", "reauth_required", "zoho_throttled", "zoho_unavailable", "timeout"];
/** Commands that may call Zoho (through the shared, possibly busy, rate limiter) get longer. */
const ZOHO_CALL = { timeoutMs: 30_000 };
const tags = ["zoho-mappings"];

const clientParams = z.object({ clientId: z.uuid() });
const roomParams = z.object({ clientId: z.uuid(), roomId: z.uuid() });
const idParams = z.object({ id: z.uuid() });

export const channelsQuery = z
  .object({
    search: z.string().max(100).optional().describe("Case-insensitive match on the channel name"),
    level: z.string().max(20).optional().describe("Zoho channel level: organization, team, private, external"),
    status: z.string().max(20).optional().describe("Zoho channel status, e.g. created or archived"),
    joined: z.stringbool().optional().describe("Only channels the connected Zoho user has joined (true) or not (false)"),
    refresh: z.stringbool().optional().describe("Bypass the short-lived cache and read Zoho now"),
  })
  .strict();

const createBody = withExample(
  z
    .object({
      zohoChannelId,
      backfillDays: z.number().int().min(0).max(3_650).optional().describe("Days of history the first sync imports; absent: the service default (0 = from now)"),
      syncIntervalMinutes: z.number().int().min(5).max(10_080).optional().describe("A custom sync interval; absent: the daily schedule"),
    })
    .strict(),
  { zohoChannelId: EXAMPLE.channelId, backfillDays: 30 },
);

const listQuery = z
  .object({
    clientId: z.uuid().optional(),
    roomId: z.uuid().optional(),
    status: z.enum(SYNC_STATUSES).optional(),
    zohoChannelId: zohoChannelId.optional(),
  })
  .strict();

const clientsQuery = z
  .object({
    search: z.string().trim().min(1).max(100).optional().describe("Case-insensitive match on the client name"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.uuid().optional().describe("The `next` of the previous page"),
  })
  .strict();

const jobsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

type Deps = Pick<GatewayDeps, "commands">;

/** Drops keys whose value is undefined (exactOptionalPropertyTypes: absent, not undefined). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

export async function registerMappingRoutes(app: GatewayApp, deps: Deps): Promise<void> {
  const { commands } = deps;

  /** The mapping of a client's room; the room-scoped routes act on it. */
  async function mappingOfRoom(request: FastifyRequest, clientId: string, roomId: string): Promise<string> {
    const { mappings } = await sendCommand(commands, request, "mappingList", { clientId, roomId });
    const mapping = mappings[0];
    if (mapping === undefined) throw new AppError("mapping_not_found", `room ${roomId} of client ${clientId} has no Zoho Cliq mapping`);
    return mapping.id;
  }

  app.get(
    "/zoho-cliq/channels",
    {
      config: withErrors(...ZOHO_ERRORS),
      schema: {
        tags,
        summary: "The organisation's Zoho Cliq channels (every page), searchable and filterable, each marked with the client and room it is mapped to",
        querystring: channelsQuery,
        response: { 200: withExample(COMMANDS.channelsList.reply, COMMAND_EXAMPLES.channelsList) },
      },
    },
    async (request) => sendCommand(commands, request, "channelsList", defined(request.query), ZOHO_CALL),
  );

  app.get(
    "/clients",
    {
      config: withErrors("client_not_found"),
      schema: {
        tags,
        summary: "The clients whose rooms can be mapped, by name, with how many internal rooms each has and how many are mapped; pass `next` as `after` for the next page",
        querystring: clientsQuery,
        response: { 200: withExample(COMMANDS.mappingClients.reply, COMMAND_EXAMPLES.mappingClients) },
      },
    },
    async (request) => sendCommand(commands, request, "mappingClients", defined(request.query)),
  );

  app.get(
    "/clients/:clientId/rooms",
    {
      config: withErrors("client_not_found"),
      schema: { tags, summary: "A client's rooms with their Zoho mapping and live sync status", params: clientParams, response: { 200: withExample(COMMANDS.mappingRooms.reply, COMMAND_EXAMPLES.mappingRooms) } },
    },
    async (request) => sendCommand(commands, request, "mappingRooms", { clientId: request.params.clientId }),
  );

  app.post(
    "/clients/:clientId/rooms/:roomId/zoho-mapping",
    {
      config: withErrors(
        "client_not_found",
        "room_not_found",
        "room_not_internal",
        "room_wrong_client",
        "channel_not_found",
        "channel_already_mapped",
        "room_already_mapped",
        "channel_unreadable",
        ...ZOHO_ERRORS,
      ),
      schema: {
        tags,
        summary: "Map an internal room to one Zoho Cliq channel (409 names the client and room already holding it)",
        params: roomParams,
        body: createBody,
        response: { 201: withExample(COMMANDS.mappingCreate.reply, COMMAND_EXAMPLES.mappingCreate) },
      },
    },
    async (request, reply) => {
      const mapping = await sendCommand(commands, request, "mappingCreate", { ...request.params, ...defined(request.body), zohoChannelId: request.body.zohoChannelId }, ZOHO_CALL);
      return reply.code(201).send(mapping);
    },
  );

  app.delete(
    "/clients/:clientId/rooms/:roomId/zoho-mapping",
    {
      config: withErrors("mapping_not_found"),
      schema: { tags, summary: "Remove a room's Zoho mapping (its sync history stays)", params: roomParams, response: { 200: withExample(COMMANDS.mappingDelete.reply, COMMAND_EXAMPLES.mappingDelete) } },
    },
    async (request) => {
      const mappingId = await mappingOfRoom(request, request.params.clientId, request.params.roomId);
      return sendCommand(commands, request, "mappingDelete", { mappingId });
    },
  );

  for (const [action, command] of [
    ["pause", "mappingPause"],
    ["resume", "mappingResume"],
  ] as const) {
    app.post(
      `/clients/:clientId/rooms/:roomId/zoho-mapping/${action}`,
      {
        config: withErrors("mapping_not_found"),
        schema: {
          tags,
          summary: `${action === "pause" ? "Pause" : "Resume"} a room's Zoho sync`,
          params: roomParams,
          response: { 200: withExample(COMMANDS[command].reply, COMMAND_EXAMPLES[command]) },
        },
      },
      async (request) => {
        const mappingId = await mappingOfRoom(request, request.params.clientId, request.params.roomId);
        return sendCommand(commands, request, command, { mappingId });
      },
    );
  }

  app.get(
    "/zoho-mappings",
    { config, schema: { tags, summary: "Mappings, filtered by client, room, status or channel", querystring: listQuery, response: { 200: withExample(COMMANDS.mappingList.reply, COMMAND_EXAMPLES.mappingList) } } },
    async (request) => sendCommand(commands, request, "mappingList", defined(request.query)),
  );

  app.get(
    "/zoho-mappings/:id",
    {
      config: withErrors("mapping_not_found"),
      schema: { tags, summary: "One mapping with its live sync status", params: idParams, response: { 200: withExample(COMMANDS.mappingGet.reply, COMMAND_EXAMPLES.mappingGet) } },
    },
    async (request) => sendCommand(commands, request, "mappingGet", { mappingId: request.params.id }),
  );

  app.get(
    "/zoho-mappings/:id/jobs",
    {
      config: withErrors("mapping_not_found"),
      schema: {
        tags,
        summary: "A mapping's sync runs, newest first, with counts and times; pass nextBefore as `before` for the next page",
        params: idParams,
        querystring: jobsQuery,
        response: { 200: withExample(COMMANDS.mappingJobs.reply, COMMAND_EXAMPLES.mappingJobs) },
      },
    },
    async (request) => sendCommand(commands, request, "mappingJobs", { mappingId: request.params.id, ...defined(request.query) }),
  );

  app.get(
    "/zoho-sync-jobs/:id",
    { config: withErrors("job_not_found"), schema: { tags, summary: "One sync run", params: idParams, response: { 200: withExample(COMMANDS.jobGet.reply, COMMAND_EXAMPLES.jobGet) } } },
    async (request) => sendCommand(commands, request, "jobGet", { jobId: request.params.id }),
  );
}
