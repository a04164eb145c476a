// Cliq REST v2 for one data centre (doc §2): channel list and detail, chat messages. Every
// call passes the same gate: OAuth token → scope → the user's rate budget → strict params.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { channelListQuery, listChannels } from "../domain/channel-list.ts";
import type { MessageWindow } from "../domain/chat-log.ts";
import { intParam, parseQuery } from "../domain/query-params.ts";
import { hasScope } from "../domain/token-store.ts";
import { channelOnWire, messagesOnWire, pageSize } from "../domain/wire.ts";
import type { EndpointClass, SimChannel } from "../types.ts";
import type { SimContext } from "./context.ts";
import { INVALID_TOKEN, NO_ACCESS, SCOPE_INVALID, sendCliqThrottle, sendJson, URL_INVALID } from "./zoho-replies.ts";

const messagesQuery = z.object({
  fromtime: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  totime: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  // one client sends limit=1000 without an error (doc §2.6): accept it; quirks.limitAbove100 decides what is served
  limit: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
});

const noQuery = z.object({});

const SCOPES: Record<EndpointClass, string> = {
  channels: "ZohoCliq.Channels.READ",
  channel: "ZohoCliq.Channels.READ",
  messages: "ZohoCliq.Messages.READ",
};

export function cliqRoutes(ctx: SimContext, location: string) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/api/v2/channels", async (req, reply) => {
      if (!gate(ctx, location, "channels", req, reply)) return reply;
      const q = parseQuery(channelListQuery, req.query);
      if (!q.ok) return sendJson(reply, q.error.status, q.error.body);
      const emails = new Map(ctx.org.users.filter((u) => u.email !== undefined).map((u) => [u.email as string, u.id]));
      const result = listChannels(ctx.org.channels(), q.value, { now: ctx.clock.now(), emailToUserId: (e) => emails.get(e) });
      if (!result.ok) return sendJson(reply, result.error.status, result.error.body);
      return sendJson(reply, 200, { ...result.page, channels: result.page.channels.map((c) => onWire(ctx, c)) });
    });

    app.get<{ Params: { id: string } }>("/api/v2/channels/:id", async (req, reply) => {
      if (!gate(ctx, location, "channel", req, reply)) return reply;
      const q = parseQuery(noQuery, req.query);
      if (!q.ok) return sendJson(reply, q.error.status, q.error.body);
      const channel = ctx.org.findChannel(req.params.id);
      if (!channel) return sendJson(reply, 404, URL_INVALID);
      // unwrapped, as the spec shows it (doc §2.4)
      return sendJson(reply, 200, onWire(ctx, channel));
    });

    app.get<{ Params: { chatId: string } }>("/api/v2/chats/:chatId/messages", async (req, reply) => {
      if (!gate(ctx, location, "messages", req, reply)) return reply;
      const q = parseQuery(messagesQuery, req.query);
      if (!q.ok) return sendJson(reply, q.error.status, q.error.body);
      const chat = ctx.org.chat(req.params.chatId);
      if (chat.access === "missing") return sendJson(reply, 404, URL_INVALID);
      if (chat.access === "denied") return sendJson(reply, 403, NO_ACCESS);
      const quirks = ctx.quirks();
      // messages after the simulator's "now" have not been sent yet
      const window: MessageWindow = { notAfter: ctx.clock.now(), limit: pageSize(q.value.limit, quirks) };
      if (q.value.fromtime !== undefined) window.fromtime = q.value.fromtime;
      if (q.value.totime !== undefined) window.totime = q.value.totime;
      const data = messagesOnWire(chat.log.window(window, quirks), quirks);
      return sendJson(reply, 200, { data });
    });
  };
}

function onWire(ctx: SimContext, channel: SimChannel) {
  return channelOnWire(channel, ctx.quirks(), ctx.org.hiddenCount(channel.chat_id));
}

/** false when a reply (401 or throttle) has already been sent. */
function gate(ctx: SimContext, location: string, cls: EndpointClass, req: FastifyRequest, reply: FastifyReply): boolean {
  const m = /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  const token = m ? ctx.tokens.authenticate(m[1] as string, location) : undefined;
  if (!token) {
    sendJson(reply, 401, INVALID_TOKEN);
    return false;
  }
  if (!hasScope(token.scopes, SCOPES[cls])) {
    sendJson(reply, 401, SCOPE_INVALID);
    return false;
  }
  if (!ctx.limiter.allow(token.userId, cls, ctx.clock.now())) {
    ctx.counters().throttles[cls] += 1;
    sendCliqThrottle(reply, ctx.limits());
    return false;
  }
  return true;
}
