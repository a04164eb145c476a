// /_sim/: the simulator's controls over HTTP, for a person running `npm start` (or a test in
// another process). Each route is one in-process control (SimControls), so both stay alike.
// Bodies are validated in full before anything changes; a bad one gets 400 naming the field.
import type { FastifyInstance, FastifyReply } from "fastify";
import { faultRuleSchema } from "../domain/fault-plan.ts";
import { limitsPatchSchema } from "../domain/limits.ts";
import { createPrng } from "../domain/prng.ts";
import { quirksPatchSchema } from "../domain/quirks.ts";
import type { FaultRule, RateLimitPatch } from "../types.ts";
import { badRequest, checked, messagesFor, parseAppendBody, throttleBody, type Checked } from "./admin-bodies.ts";
import type { SimContext, SimControls } from "./context.ts";
import { sendJson } from "./zoho-replies.ts";

export const ADMIN_ROUTES = [
  "GET    /_sim/counters",
  "GET    /_sim/quirks",
  "PUT    /_sim/quirks   (a partial MessageQuirks; PATCH too)",
  "GET    /_sim/limits",
  "PATCH  /_sim/limits   (a partial RateLimitConfig)",
  "POST   /_sim/chats/{chat_id}/messages   ([{text, sender?, time?}] or {generate: n, seed?, hiddenRate?, tieRate?})",
  "POST   /_sim/throttle {endpoint: messages|channels|channel, lockMs?}",
  "POST   /_sim/revoke   (revoke every token)",
  "POST   /_sim/faults   (a FaultRule)",
  "DELETE /_sim/faults",
];

const ADMIN_ID_SEED = 0xad317;

export function adminRoutes(ctx: SimContext, controls: SimControls) {
  return async (app: FastifyInstance): Promise<void> => {
    // ids of appended messages and seeds of generated batches: reproducible within one run
    const prng = createPrng(ADMIN_ID_SEED);
    let seed = ADMIN_ID_SEED;

    // a body fastify cannot parse (bad JSON, wrong content type) is the person's mistake too: same 400 shape
    app.setErrorHandler(async (err: { statusCode?: number; message?: string }, _req, reply) => {
      const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) return sendJson(reply, 500, { code: "operation_failed", message: err.message ?? "error" });
      return sendJson(reply, status, badRequest("body", [{ path: "(body)", message: err.message ?? "unreadable body" }]));
    });

    app.get("/counters", async (_req, reply) => sendJson(reply, 200, ctx.counters()));
    app.get("/quirks", async (_req, reply) => sendJson(reply, 200, controls.quirks()));
    app.get("/limits", async (_req, reply) => sendJson(reply, 200, controls.limits()));

    // the casts only drop `| undefined` from optional keys: parsed JSON never holds undefined
    const setQuirks = async (req: { body: unknown }, reply: FastifyReply) =>
      apply(reply, "quirks", checked(quirksPatchSchema, req.body), (patch) => {
        controls.setQuirks(patch as Parameters<SimControls["setQuirks"]>[0]);
        return controls.quirks();
      });
    app.put("/quirks", setQuirks);
    app.patch("/quirks", setQuirks);

    app.patch("/limits", async (req, reply) =>
      apply(reply, "limits", checked(limitsPatchSchema, req.body), (patch) => {
        controls.setLimits(patch as RateLimitPatch);
        return controls.limits();
      }),
    );

    app.post("/throttle", async (req, reply) =>
      apply(reply, "throttle", checked(throttleBody, req.body), ({ endpoint, lockMs }) => {
        const ms = lockMs ?? controls.limits().lockMs;
        controls.throttleNow(endpoint, ms);
        return { endpoint, lockedUntil: ctx.clock.now() + ms };
      }),
    );

    app.post("/revoke", async (_req, reply) => {
      controls.revokeAllTokens();
      return sendJson(reply, 200, { revoked: true });
    });

    app.post("/faults", async (req, reply) =>
      apply(reply, "faults", checked(faultRuleSchema, req.body), (rule) => {
        controls.faults.inject(rule as FaultRule);
        return { injected: rule };
      }),
    );
    app.delete("/faults", async (_req, reply) => {
      controls.faults.clear();
      return sendJson(reply, 200, { cleared: true });
    });

    app.post<{ Params: { chatId: string } }>("/chats/:chatId/messages", async (req, reply) => {
      const { chatId } = req.params;
      if (ctx.org.chat(chatId).access === "missing") return sendJson(reply, 404, { code: "request_url_invalid", message: `no chat ${chatId}` });
      const body = parseAppendBody(req.body);
      if (!body.ok) return sendJson(reply, 400, badRequest("messages", body.issues));
      const appendCtx = { chatId, now: ctx.clock.now(), users: ctx.org.users, defaultSender: ctx.user, prng, nextSeed: () => (seed += 1) };
      return apply(reply, "messages", messagesFor(body.value, appendCtx), ({ messages, hidden }) => {
        controls.addMessages(chatId, messages);
        controls.addHiddenEntries(chatId, hidden);
        const channel = ctx.org.channels().find((c) => c.chat_id === chatId);
        return { chat_id: chatId, added: messages.length, hidden: hidden.length, ids: messages.map((m) => m.id), total_message_count: channel?.total_message_count };
      }, 201);
    });
  };
}

function apply<T>(reply: FastifyReply, route: string, input: Checked<T>, run: (value: T) => unknown, status = 200): FastifyReply {
  if (!input.ok) return sendJson(reply, 400, badRequest(route, input.issues));
  return sendJson(reply, status, run(input.value));
}
