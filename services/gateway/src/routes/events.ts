// GET /api/events: live sync and mapping status as Server-Sent Events. Each event's `id` holds the
// position in both streams, so a reconnect with `Last-Event-ID` (browsers send it by themselves)
// resumes exactly after the last event seen, including events that happened while disconnected.
import type { ServerResponse } from "node:http";
import { AppError, uuid, type Actor } from "@cliq/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { GatewayApp, GatewayDeps } from "../deps.ts";
import type { LiveEvent } from "../live/live-events.ts";
import { createMappingClients, type MappingClients } from "../live/mapping-clients.ts";
import { formatEventId, parseEventId, type StreamPositions } from "../live/positions.ts";
import { actorOf } from "../nats-commands.ts";
import type { Role } from "../plugins/auth.ts";

export const EVENTS_PATH = "/events";
const ROLES: readonly Role[] = ["super_admin", "backend"];
/** Browsers wait this long before reconnecting after the stream ends. */
const RETRY_MS = 3_000;

const eventId = z
  .string()
  .max(100)
  .refine((raw) => parseEventId(raw) !== undefined, "expected an id this stream sent, such as sync:1234,mapping:56");

const query = z
  .object({
    clientId: uuid.optional().describe("Only events of this client's mappings"),
    lastEventId: eventId.optional().describe("Resume after this event (for clients that cannot send the Last-Event-ID header)"),
  })
  .strict();
const headers = z.looseObject({ "last-event-id": eventId.optional() });

const STREAM_EXAMPLE = [
  "retry: 3000",
  "",
  "id: sync:41,mapping:7",
  "event: ready",
  'data: {"sync":41,"mapping":7}',
  "",
  "id: sync:42,mapping:7",
  "event: sync.completed",
  'data: {"id":"0b6f…","type":"sync.completed","occurredAt":"2026-01-05T02:00:09.120Z","source":"sync-worker","data":{"jobId":"…","mappingId":"…","outcome":"synced","messagesFetched":12,"messagesProcessed":12,"…":"…"}}',
  "",
  ": heartbeat",
  "",
].join("\n");

type Deps = Pick<GatewayDeps, "commands" | "liveEvents" | "config">;

function write(res: ServerResponse, chunk: string): Promise<void> {
  // A heartbeat may fire after the client left; writing to a destroyed socket would only error.
  if (res.writableEnded || res.destroyed) return Promise.resolve();
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function frame(id: string, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Whether a subscriber filtering on `clientId` should see the event. */
async function belongsTo(e: LiveEvent, clientId: string, clients: MappingClients, actor: Actor): Promise<boolean> {
  if (e.event.name.startsWith("mapping")) {
    const data = e.event.envelope.data as { mappingId: string; clientId: string };
    return data.clientId === clientId;
  }
  const { mappingId } = e.event.envelope.data as { mappingId: string };
  return (await clients.clientOf(mappingId, actor)) === clientId;
}

export async function registerEventRoutes(app: GatewayApp, deps: Deps): Promise<void> {
  const clients = createMappingClients(deps.commands);
  // Open streams never end by themselves: close them first when the app shuts down.
  const open = new Set<AbortController>();
  app.addHook("preClose", async () => {
    for (const c of open) c.abort();
  });

  async function headsOrUnavailable(): Promise<StreamPositions> {
    try {
      return await deps.liveEvents.heads();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError("service_unavailable", `live events are unavailable: ${(err as Error).message}`, undefined, true);
    }
  }

  async function stream(request: FastifyRequest, reply: FastifyReply, from: StreamPositions, clientId: string | undefined): Promise<void> {
    const actor = actorOf(request);
    const res = reply.raw;
    const controller = new AbortController();
    const positions = { ...from };
    open.add(controller);
    res.on("close", () => controller.abort());

    reply.hijack();
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      "x-request-id": request.id,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Tell nginx-style proxies not to buffer the stream.
      "x-accel-buffering": "no",
    });
    const heartbeat = setInterval(() => void write(res, ": heartbeat\n\n"), deps.config.SSE_HEARTBEAT_INTERVAL);
    try {
      // `ready` carries the starting position, so a reconnect before any event still resumes here.
      await write(res, `retry: ${RETRY_MS}\n\n${frame(formatEventId(positions), "ready", positions)}`);
      for await (const e of deps.liveEvents.follow(from, controller.signal)) {
        positions[e.stream] = e.seq;
        if (e.event.name === "mappingCreated") clients.remember(e.event.envelope.data.mappingId, e.event.envelope.data.clientId);
        if (clientId !== undefined && !(await belongsTo(e, clientId, clients, actor))) continue;
        await write(res, frame(formatEventId(positions), e.event.envelope.type, e.event.envelope));
        if (controller.signal.aborted) break;
      }
    } catch (err) {
      // The browser reconnects by itself and resumes from the last id it got.
      request.log.warn({ err }, "live event stream ended by a failure");
    } finally {
      clearInterval(heartbeat);
      controller.abort();
      open.delete(controller);
      if (!res.writableEnded) res.end();
    }
  }

  app.get(
    EVENTS_PATH,
    {
      config: { roles: ROLES },
      schema: {
        tags: ["live"],
        summary: "Live sync and mapping events (Server-Sent Events); reconnect with Last-Event-ID to resume without gaps",
        description:
          "Streams every `sync.*` and `mapping.*` event as `event: <type>` with the event envelope as JSON `data`. " +
          "The `id` is the position in both streams (`sync:<seq>,mapping:<seq>`); send it back as `Last-Event-ID` (or `?lastEventId=`) " +
          "to receive exactly the events after it. A `ready` event opens every stream; `: heartbeat` comments keep idle connections open.",
        querystring: query,
        headers,
        response: {
          200: {
            description: "An endless text/event-stream",
            content: { "text/event-stream": { schema: z.string().meta({ example: STREAM_EXAMPLE }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const raw = request.headers["last-event-id"] ?? request.query.lastEventId;
      const from = raw === undefined ? await headsOrUnavailable() : parseEventId(raw);
      if (from === undefined) throw new AppError("validation_failed", "Last-Event-ID is not an id this stream sent");
      await stream(request, reply, from, request.query.clientId);
    },
  );
}
