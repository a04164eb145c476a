// What a sweep runs with — NATS (streams provisioned), the database, the sync.requested publisher,
// the command client for the channel list — built from the scheduler's environment. main.ts uses
// it for both modes, and the planner's integration test uses it to run the real sweep against
// the real channel-mapping; the gateway's cron alias reuses only the config part.
import { createDb } from "@cliq/db";
import { connectNats, createCommandClient, createPublisher, drainNats, provisionStreams, type Logger, type NatsConnection, type StopStack } from "@cliq/runtime";
import type { SchedulerEnv } from "./config.ts";
import { createSchedule } from "./domain/slot.ts";
import type { SweepConfig, SweepDeps } from "./sweep.ts";

export const SCHEDULER_SERVICE = "scheduler";

type SweepEnv = Pick<SchedulerEnv, "SCHEDULE_CRON" | "SCHEDULE_TIMEZONE" | "SCHEDULER_PAGE_SIZE" | "SCHEDULER_PLANNER" | "SCHEDULER_PLANNER_TIMEOUT" | "SCHEDULER_PUBLISH_CONCURRENCY">;

export function sweepConfigFrom(env: SweepEnv): SweepConfig {
  return {
    schedule: createSchedule(env.SCHEDULE_CRON, env.SCHEDULE_TIMEZONE),
    pageSize: env.SCHEDULER_PAGE_SIZE,
    plannerEnabled: env.SCHEDULER_PLANNER,
    plannerTimeoutMs: env.SCHEDULER_PLANNER_TIMEOUT,
    publishConcurrency: env.SCHEDULER_PUBLISH_CONCURRENCY,
  };
}

/** Connects and builds the sweep's dependencies; everything opened is pushed on `stack` to close. */
export async function buildSweepDeps(env: SchedulerEnv, logger: Logger, stack: StopStack): Promise<{ deps: SweepDeps; nc: NatsConnection }> {
  const nc = await connectNats({ url: env.NATS_URL, name: SCHEDULER_SERVICE, logger });
  stack.push(() => drainNats(nc));
  await provisionStreams(nc, env.SUBJECT_PREFIX);
  const db = createDb({ connectionString: env.DATABASE_URL, ...(env.DB_SCHEMA === undefined ? {} : { schema: env.DB_SCHEMA }), maxConnections: 2 });
  stack.push(() => db.$disconnect());
  const deps: SweepDeps = {
    db,
    publisher: createPublisher({ nc, prefix: env.SUBJECT_PREFIX, source: SCHEDULER_SERVICE, logger }),
    commands: createCommandClient({ nc, prefix: env.SUBJECT_PREFIX }),
    logger,
    now: () => new Date(),
    config: sweepConfigFrom(env),
  };
  return { deps, nc };
}
