// @cliq/scheduler: the sweep (for tests and tooling) and the schedule maths.
export { runSweep, SCHEDULER_ACTOR, type SweepConfig, type SweepDeps, type SweepOptions, type SweepReport } from "./sweep.ts";
export { buildSweepDeps, sweepConfigFrom, SCHEDULER_SERVICE } from "./sweep-deps.ts";
export { startDaemon, type DaemonOptions } from "./daemon.ts";
export { schedulerEnvSchema, type SchedulerEnv } from "./config.ts";
export { createSchedule, intervalSlot, type Schedule } from "./domain/slot.ts";
export { scheduledJobId, uuidV5, SCHEDULED_JOB_NAMESPACE } from "./domain/uuid-v5.ts";
export { decide, isUnchanged, channelActivity, type ScheduledMapping } from "./domain/plan.ts";
export { createMappingsReader, type MappingsReader } from "./repo/mappings-reader.ts";
