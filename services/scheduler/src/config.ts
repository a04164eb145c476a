// The scheduler's environment. Invalid values stop it at start-up with one line naming them.
import { z } from "zod";
import { baseEnvShape, envBool, envDuration, envInt, envValue } from "@cliq/runtime";
import { createSchedule } from "./domain/slot.ts";

function validZone(raw: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: raw });
    return raw;
  } catch {
    return undefined;
  }
}

export const schedulerEnvSchema = z.object({
  ...baseEnvShape,
  /** The default (daily) schedule. */
  SCHEDULE_CRON: envValue('a cron pattern such as "0 2 * * *"', (raw) => {
    try {
      createSchedule(raw, "UTC");
      return raw;
    } catch {
      return undefined;
    }
  }).default("0 2 * * *"),
  SCHEDULE_TIMEZONE: envValue("an IANA time zone such as UTC or Europe/Berlin", validZone).default("UTC"),
  /** Mappings read per database page (keyset pagination). */
  SCHEDULER_PAGE_SIZE: envInt({ min: 1, max: 5_000, default: 500 }),
  /** Read the channel list first and skip channels with nothing new. */
  SCHEDULER_PLANNER: envBool(true),
  /** How long the planner waits for channel activity: the first answer waits for Zoho's channel list (~2 s per 100 channels at the channels budget). */
  SCHEDULER_PLANNER_TIMEOUT: envDuration({ default: 600_000, min: 100, max: 600_000 }),
  /** sync.requested publishes in flight at once. */
  SCHEDULER_PUBLISH_CONCURRENCY: envInt({ min: 1, max: 256, default: 16 }),
  /** Daemon mode: run a full sweep at start-up (catch up a slot missed while it was down). */
  SCHEDULER_RUN_ON_START: envBool(false),
});

export type SchedulerEnv = z.infer<typeof schedulerEnvSchema>;
