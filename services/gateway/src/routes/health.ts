// Liveness and readiness for Kubernetes probes; unauthenticated and outside /api.
import { setTimeout as sleep } from "node:timers/promises";
import { errorBodySchema } from "@cliq/contracts";
import { z } from "zod";
import type { GatewayApp, ReadinessChecks } from "../deps.ts";

const CHECK_TIMEOUT_MS = 2_000;

type CheckOutcome = "ok" | "failed" | "timed out";

async function runCheck(check: () => Promise<void>): Promise<{ outcome: CheckOutcome; error?: unknown }> {
  const timeout = sleep(CHECK_TIMEOUT_MS, "timeout" as const, { ref: false });
  try {
    const result = await Promise.race([check().then(() => "ok" as const), timeout]);
    return { outcome: result === "ok" ? "ok" : "timed out" };
  } catch (error) {
    return { outcome: "failed", error };
  }
}

const readyBody = z.object({ status: z.literal("ready"), checks: z.record(z.string(), z.literal("ok")) });

export async function registerHealthRoutes(app: GatewayApp, checks: ReadinessChecks): Promise<void> {
  app.get(
    "/healthz",
    { schema: { tags: ["ops"], summary: "Liveness: the process answers", response: { 200: z.object({ status: z.literal("ok") }) } } },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    { schema: { tags: ["ops"], summary: "Readiness: every dependency check passes (503 names the failing ones)", response: { 200: readyBody, 503: z.object({ error: errorBodySchema }) } } },
    async (request, reply) => {
      const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const));
      const failing = results.filter(([, r]) => r.outcome !== "ok");
      if (failing.length === 0) return { status: "ready" as const, checks: Object.fromEntries(results.map(([n]) => [n, "ok" as const])) };

      for (const [name, r] of failing) request.log.warn({ check: name, outcome: r.outcome, err: r.error }, "readiness check failed");
      const summary = failing.map(([name, r]) => `${name} ${r.outcome}`).join(", ");
      // Only names and outcomes leave the process: a check's error text may carry hosts or credentials.
      return reply.code(503).send({
        error: {
          code: "service_unavailable",
          message: `not ready: ${summary}`,
          details: { checks: Object.fromEntries(results.map(([name, r]) => [name, r.outcome])) },
        },
      });
    },
  );
}
