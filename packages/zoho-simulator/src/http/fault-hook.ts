// Counts every request to a simulated endpoint and applies injected faults before normal
// handling (latency first, then at most one answering fault).
import { setTimeout as delay } from "node:timers/promises";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { FaultRule, RequestClass } from "../types.ts";
import { classify } from "./classify.ts";
import type { SimContext } from "./context.ts";
import { htmlPage, INVALID_TOKEN, sendCliqThrottle, sendJson, sendTokenThrottle } from "./zoho-replies.ts";

const TRUNCATED: Partial<Record<RequestClass | "other", string>> = {
  messages: '{"data":[{"id":"1629426730589_40288830613","time":1629426730589,"type":"text","sender":{"id":"150678',
  channels: '{"channels":[{"channel_id":"T4000000040005","chat_id":"CT_1184653329648523663_62439860","name":"#Zyl',
  channel: '{"channel_id":"T4000000040005","chat_id":"CT_1184653329648523663_624',
  token: '{"access_token":"1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36c',
};

export function registerFaultHook(app: FastifyInstance, ctx: SimContext, locations: ReadonlySet<string>): void {
  app.addHook("onRequest", async (req, reply) => {
    const c = classify(req.method, req.url, locations);
    if (!c) return;
    if (c.cls !== "other") ctx.counters().requests[c.cls] += 1;
    const { latencyMs, fault } = ctx.faults.match(c.cls);
    if (latencyMs > 0) await delay(latencyMs);
    if (!fault) return;
    if (fault.kind === "timeout") {
      // never answer; the client gives up, and close() destroys the socket
      reply.hijack();
      return;
    }
    return answerFault(reply, fault, c.cls, ctx);
  });
}

function answerFault(reply: FastifyReply, fault: FaultRule, cls: RequestClass | "other", ctx: SimContext): FastifyReply {
  switch (fault.kind) {
    case "status5xx":
      return sendJson(reply, fault.status ?? 503, { code: "internal_server_error", message: "Cliq server encountered an error. Please try again later." });
    case "malformedJson":
      return reply.code(200).header("content-type", "application/json;charset=UTF-8").send(TRUNCATED[cls] ?? '{"data":[{"id":"16294');
    case "errorBody200":
      return sendJson(reply, 200, { code: "operation_failed" });
    case "htmlError":
      return reply.code(502).header("content-type", "text/html;charset=UTF-8").send(htmlPage("502 Bad Gateway", "The server encountered a temporary error and could not complete your request."));
    case "throttle":
      if (cls === "token") {
        ctx.counters().throttles.token += 1;
        return sendTokenThrottle(reply, ctx.limits());
      }
      if (cls === "messages" || cls === "channels" || cls === "channel") ctx.counters().throttles[cls] += 1;
      return sendCliqThrottle(reply, ctx.limits());
    case "unauthorized":
      return sendJson(reply, 401, INVALID_TOKEN);
    default:
      // latency and timeout never reach here
      return sendJson(reply, 500, { code: "operation_failed" });
  }
}
