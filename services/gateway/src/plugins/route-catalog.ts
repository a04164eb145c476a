// Every route the app serves, as registered (method, URL, config). Collected once at start-up so
// checks that must cover every route — the access table, the fuzz test, a start-up log line —
// enumerate the app itself rather than a list kept by hand beside it.
import type { FastifyInstance, FastifyContextConfig } from "fastify";

export type RouteEntry = { method: string; url: string; config: FastifyContextConfig };

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered so far (HEAD routes Fastify adds for GET routes excluded). */
    routeCatalog: readonly RouteEntry[];
  }
}

/** Call first on the root instance: only routes registered afterwards are seen. */
export function collectRoutes(app: FastifyInstance): void {
  const entries: RouteEntry[] = [];
  app.decorate("routeCatalog", entries);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === "HEAD") continue;
      entries.push({ method, url: route.url, config: (route.config ?? {}) as FastifyContextConfig });
    }
  });
}
