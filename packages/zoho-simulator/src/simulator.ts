// Composition root of the simulator: builds the state, mounts Zoho Accounts and Cliq under
// /<location>/accounts and /<location>/cliq for each data centre, and exposes test controls.
import type { Socket } from "node:net";
import formbody from "@fastify/formbody";
import Fastify from "fastify";
import { z } from "zod";
import { createClock } from "./domain/clock.ts";
import { emptyCounters } from "./domain/counters.ts";
import { FaultPlan } from "./domain/fault-plan.ts";
import { generateOrg } from "./domain/generate-org.ts";
import { DEFAULT_LIMITS, mergeLimits } from "./domain/limits.ts";
import { OrgState } from "./domain/org-state.ts";
import { DEFAULT_QUIRKS, mergeQuirks } from "./domain/quirks.ts";
import { EndpointRateLimiter } from "./domain/rate-limiter.ts";
import { TokenStore } from "./domain/token-store.ts";
import { accountsRoutes } from "./http/accounts-routes.ts";
import { adminRoutes } from "./http/admin-routes.ts";
import { cliqRoutes } from "./http/cliq-routes.ts";
import type { SimContext, SimControls } from "./http/context.ts";
import { controlRoutes, registerFallbacks } from "./http/control-routes.ts";
import { registerFaultHook } from "./http/fault-hook.ts";
import type { DataCentre, Simulator, SimulatorOptions } from "./types.ts";

export { DEFAULT_LIMITS };

export const DEFAULT_USER = { id: "15067889", name: "Scott Fisher", email: "scott.fisher@zylker.com" };
export const DEFAULT_SCOPES = ["ZohoCliq.Channels.READ", "ZohoCliq.Chats.READ", "ZohoCliq.Messages.READ"];

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default("127.0.0.1"),
  locations: z.array(z.string().regex(/^[a-z0-9-]+$/, "a location is lowercase letters, digits or '-'")).min(1).default(["us", "eu", "in"]),
  clientId: z.string().min(1).default("1000.SIMCLIENT"),
  clientSecret: z.string().min(1).default("sim-secret"),
  redirectUris: z.array(z.url()).optional(),
  user: z.object({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(1) }).default(DEFAULT_USER),
});

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const parsed = optionsSchema.safeParse({ ...opts, data: undefined, limits: undefined, quirks: undefined, now: undefined });
  if (!parsed.success) throw new Error(`startSimulator: ${z.prettifyError(parsed.error)}`);
  const o = parsed.data;
  const clock = createClock(opts.now ?? Date.now);
  let limits = mergeLimits(DEFAULT_LIMITS, opts.limits ?? {});
  let quirks = mergeQuirks(DEFAULT_QUIRKS, opts.quirks ?? {}, "startSimulator quirks");
  let counters = emptyCounters();
  let dataCentres: Record<string, DataCentre> = {};
  const tokens = new TokenStore({ clientId: () => o.clientId, clientSecret: () => o.clientSecret, now: clock.now, refreshLimit: () => limits.tokenRefreshPer10Min });
  const limiter = new EndpointRateLimiter(() => limits);
  const faults = new FaultPlan();
  const org = new OrgState(opts.data ?? generateOrg({ seed: 1 }));
  const ctx: SimContext = {
    clock, limits: () => limits, quirks: () => quirks, tokens, limiter, org, counters: () => counters, faults, user: o.user,
    clientId: o.clientId, clientSecret: o.clientSecret, redirectUris: o.redirectUris, dataCentres: () => dataCentres,
  };

  // the controls a test calls in-process and a person calls over /_sim/, one implementation for both
  const controls: SimControls = {
    setLimits: (l) => {
      limits = mergeLimits(limits, l);
    },
    limits: () => structuredClone(limits),
    setQuirks: (patch) => {
      quirks = mergeQuirks(quirks, patch, "setQuirks");
    },
    quirks: () => ({ ...quirks }),
    throttleNow: (cls, lockMs = limits.lockMs) => limiter.lock(o.user.id, cls, clock.now() + lockMs),
    faults: { inject: (rule) => faults.inject(rule), clear: () => faults.clear() },
    revokeAllTokens: () => tokens.revokeAll(),
    addMessages: (chatId, msgs) => org.addMessages(chatId, msgs),
    addHiddenEntries: (chatId, entries) => org.addHiddenEntries(chatId, entries),
  };

  const app = Fastify({ logger: false, forceCloseConnections: true });
  const sockets = new Set<Socket>();
  app.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await app.register(formbody);
  registerFaultHook(app, ctx, new Set(o.locations));
  registerFallbacks(app);
  await app.register(controlRoutes(ctx));
  await app.register(adminRoutes(ctx, controls), { prefix: "/_sim" });
  for (const location of o.locations) {
    await app.register(accountsRoutes(ctx, location), { prefix: `/${location}/accounts` });
    await app.register(cliqRoutes(ctx, location), { prefix: `/${location}/cliq` });
  }
  await app.listen({ port: o.port, host: o.host });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : o.port;
  const host = o.host === "0.0.0.0" || o.host === "::" ? "127.0.0.1" : o.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  dataCentres = Object.fromEntries(
    o.locations.map((location) => [location, { location, accountsServer: `${url}/${location}/accounts`, cliqServer: `${url}/${location}/cliq` }]),
  );

  return {
    url,
    dataCentres,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    clock,
    counters: () => structuredClone(counters),
    resetCounters: () => {
      counters = emptyCounters();
    },
    ...controls,
    expireAccessTokens: () => tokens.expireAllAccessTokens(),
    addChannel: (ch) => org.addChannel(ch),
    addChat: (ch, chat) => {
      if (ch.chat_id === null || ch.chat_id === "null") throw new Error(`addChat: channel ${ch.channel_id} has no chat_id`);
      org.addChannel(ch);
      org.addMessages(ch.chat_id, chat.messages);
      org.addHiddenEntries(ch.chat_id, chat.hidden ?? []);
    },
    removeChannel: (channelId) => org.removeChannel(channelId),
    denyChannel: (chatId) => org.denyChannel(chatId),
    channels: () => structuredClone(org.channels()),
    messages: (chatId) => structuredClone(org.messages(chatId)),
    hiddenEntries: (chatId) => org.hiddenEntries(chatId),
    issueTokensForTest: (t = {}) => {
      const location = t.location ?? (o.locations[0] as string);
      if (!o.locations.includes(location)) throw new Error(`issueTokensForTest: unknown location ${location}; serving ${o.locations.join(", ")}`);
      const pair = tokens.issuePair(o.user.id, o.clientId, location, t.scopes ?? DEFAULT_SCOPES);
      return { ...pair, expiresIn: 3600 };
    },
    close: async () => {
      // sockets held open by the timeout fault must not keep close() waiting
      for (const s of sockets) s.destroy();
      await app.close();
    },
  };
}
