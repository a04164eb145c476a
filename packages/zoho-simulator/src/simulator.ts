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
import { OrgState } from "./domain/org-state.ts";
import { EndpointRateLimiter } from "./domain/rate-limiter.ts";
import { TokenStore } from "./domain/token-store.ts";
import { accountsRoutes } from "./http/accounts-routes.ts";
import { cliqRoutes } from "./http/cliq-routes.ts";
import type { SimContext } from "./http/context.ts";
import { controlRoutes, registerFallbacks } from "./http/control-routes.ts";
import { registerFaultHook } from "./http/fault-hook.ts";
import type { DataCentre, RateLimitConfig, RateLimitPatch, Simulator, SimulatorOptions } from "./types.ts";

export const DEFAULT_LIMITS: RateLimitConfig = {
  perMinute: { messages: 15, channels: 30, channel: 30 },
  lockMs: 600_000,
  throttleStatus: 400,
  windowMs: 60_000,
  tokenRefreshPer10Min: 10,
  tokenThrottleStatus: 200,
};
export const DEFAULT_USER = { id: "15067889", name: "Scott Fisher", email: "scott.fisher@zylker.com" };
export const DEFAULT_SCOPES = ["ZohoCliq.Channels.READ", "ZohoCliq.Chats.READ", "ZohoCliq.Messages.READ"];

const limitsSchema = z
  .object({
    perMinute: z.object({ messages: z.number().int().min(1), channels: z.number().int().min(1), channel: z.number().int().min(1) }).partial(),
    lockMs: z.number().int().min(0),
    throttleStatus: z.union([z.literal(400), z.literal(429)]),
    windowMs: z.number().int().min(1),
    tokenRefreshPer10Min: z.number().int().min(1),
    tokenThrottleStatus: z.union([z.literal(200), z.literal(400)]),
  })
  .partial()
  .strict();

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default("127.0.0.1"),
  locations: z.array(z.string().regex(/^[a-z0-9-]+$/, "a location is lowercase letters, digits or '-'")).min(1).default(["us", "eu", "in"]),
  clientId: z.string().min(1).default("1000.SIMCLIENT"),
  clientSecret: z.string().min(1).default("sim-secret"),
  redirectUris: z.array(z.url()).optional(),
  user: z.object({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(1) }).default(DEFAULT_USER),
});

function mergeLimits(base: RateLimitConfig, patch: RateLimitPatch): RateLimitConfig {
  const parsed = limitsSchema.safeParse(patch);
  if (!parsed.success) throw new Error(`simulator limits: ${z.prettifyError(parsed.error)}`);
  const { perMinute = {}, ...rest } = parsed.data;
  const merged: RateLimitConfig = { ...base, perMinute: { ...base.perMinute } };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) Object.assign(merged, { [k]: v });
  for (const cls of ["messages", "channels", "channel"] as const) merged.perMinute[cls] = perMinute[cls] ?? merged.perMinute[cls];
  return merged;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const parsed = optionsSchema.safeParse({ ...opts, data: undefined, limits: undefined, now: undefined });
  if (!parsed.success) throw new Error(`startSimulator: ${z.prettifyError(parsed.error)}`);
  const o = parsed.data;
  const clock = createClock(opts.now ?? Date.now);
  let limits = mergeLimits(DEFAULT_LIMITS, opts.limits ?? {});
  let counters = emptyCounters();
  let dataCentres: Record<string, DataCentre> = {};
  const tokens = new TokenStore({ clientId: () => o.clientId, clientSecret: () => o.clientSecret, now: clock.now, refreshLimit: () => limits.tokenRefreshPer10Min });
  const limiter = new EndpointRateLimiter(() => limits);
  const faults = new FaultPlan();
  const org = new OrgState(opts.data ?? generateOrg({ seed: 1 }));
  const ctx: SimContext = {
    clock, limits: () => limits, tokens, limiter, org, counters: () => counters, faults, user: o.user,
    clientId: o.clientId, clientSecret: o.clientSecret, redirectUris: o.redirectUris, dataCentres: () => dataCentres,
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
    setLimits: (l) => {
      limits = mergeLimits(limits, l);
    },
    faults: { inject: (rule) => faults.inject(rule), clear: () => faults.clear() },
    revokeAllTokens: () => tokens.revokeAll(),
    expireAccessTokens: () => tokens.expireAllAccessTokens(),
    addMessages: (chatId, msgs) => org.addMessages(chatId, msgs),
    addChannel: (ch) => org.addChannel(ch),
    removeChannel: (channelId) => org.removeChannel(channelId),
    denyChannel: (chatId) => org.denyChannel(chatId),
    channels: () => structuredClone(org.channels()),
    messages: (chatId) => structuredClone(org.messages(chatId)),
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
