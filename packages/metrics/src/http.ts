// HTTP side of the metrics: latency of every request by route pattern, and GET /metrics for the
// scraper. The route label is the pattern Fastify matched (`/api/zoho-mappings/:id`), never the
// raw URL, so ids in paths cannot blow up the number of series.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Metrics } from "./metrics.ts";

/** Label for requests that matched no route (404s, scanners): one series, whatever the path. */
export const UNMATCHED_ROUTE = "unmatched";

/** The slice of a Fastify instance the helpers use, so any type provider's instance fits. */
type HookTarget = { addHook(name: "onResponse", hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): unknown };
type RouteTarget = Pick<FastifyInstance, "get">;

/**
 * Observes every response's latency on `app`. Call it before the app is ready (before listen),
 * on the root instance so every route, including ones added later, is covered.
 */
export function fastifyMetricsHook(app: HookTarget, metrics: Pick<Metrics, "httpDuration">): void {
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1_000,
    );
  });
}

export type MetricsRouteOptions = { path?: string };

/**
 * Mounts GET /metrics (Prometheus text format). Shaped for the health server's `extraRoutes`
 * option: `startHealthServer({ ..., extraRoutes: metricsRoute(metrics) })`.
 */
export function metricsRoute(metrics: Pick<Metrics, "registry" | "text">, opts: MetricsRouteOptions = {}): (app: RouteTarget) => void {
  return (app) => {
    app.get(opts.path ?? "/metrics", async (_request, reply) => {
      const body = await metrics.text();
      return reply.header("content-type", metrics.registry.contentType).header("cache-control", "no-store").send(body);
    });
  };
}
