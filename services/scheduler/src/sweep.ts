// One sweep: page through the mappings, decide who is due in the current slot, and publish one
// sync.requested (type scheduled) per due mapping with Nats-Msg-Id = the slot-derived job id.
import type { ServiceActor } from "@cliq/contracts";
import type { CommandClient, Logger, Publisher } from "@cliq/runtime";
import type { Db } from "@cliq/db";
import { channelActivity, decide, type ChannelActivity, type PlanContext, type ScheduledMapping, type SkipReason } from "./domain/plan.ts";
import type { Schedule } from "./domain/slot.ts";
import { createMappingsReader, type MappingsReader } from "./repo/mappings-reader.ts";

/**
 * Who the sweep is when it asks channel-mapping for the channel list: the scheduler's service
 * identity, which channel-mapping grants exactly that read (a user actor with a made-up role such
 * as "system" is refused, which is how the planner silently never ran before).
 */
export const SCHEDULER_ACTOR: ServiceActor = { kind: "service", service: "scheduler" };

export type SweepConfig = {
  schedule: Schedule;
  pageSize: number;
  plannerEnabled: boolean;
  plannerTimeoutMs: number;
  publishConcurrency: number;
};

export type SweepDeps = {
  db: Db;
  publisher: Pick<Publisher, "publish">;
  commands: Pick<CommandClient, "request">;
  logger: Logger;
  now: () => Date;
  config: SweepConfig;
  /** Defaults to the Prisma reader over `db`. */
  mappings?: MappingsReader;
};

export type SweepOptions = {
  /** "interval": only mappings with a custom interval whose slot started after `since`. */
  mode?: "full" | "interval";
  since?: Date | null;
};

export type SweepReport = {
  /** The default schedule's slot (ISO) this sweep belongs to. */
  slot: string;
  mode: "full" | "interval";
  startedAt: string;
  /** Mappings read. */
  scanned: number;
  /** Active and retryable-error mappings whose slot is due (requested + skipped.unchanged + failed). */
  due: number;
  requested: number;
  /** Publishes that failed after the publisher's retries; a re-run in the same slot repairs them. */
  failed: number;
  skipped: Record<SkipReason, number>;
  plannerUsed: boolean;
  /** Why the planner was not used although enabled (channel list unavailable). */
  plannerError?: string;
  durationMs: number;
};

type Request = { mappingId: string; jobId: string; slot: Date };

/** Channel ids per channelsActivity request (the contract's maximum). */
const ACTIVITY_BATCH = 1_000;
/** Slack for two processes measuring the same span (the list's age vs the sweep's elapsed time). */
const CLOCK_MARGIN_MS = 1_000;

export async function runSweep(deps: SweepDeps, opts: SweepOptions = {}): Promise<SweepReport> {
  const started = performance.now();
  const mode = opts.mode ?? "full";
  const now = deps.now();
  const { config } = deps;
  const reader = deps.mappings ?? createMappingsReader(deps.db);
  const log = deps.logger.child({ component: "sweep", mode });
  const base: Omit<PlanContext, "activity"> = { now, defaultSlot: config.schedule.latestSlot(now), since: opts.since ?? null };
  const report: SweepReport = {
    slot: base.defaultSlot.toISOString(),
    mode,
    startedAt: now.toISOString(),
    scanned: 0,
    due: 0,
    requested: 0,
    failed: 0,
    skipped: { paused: 0, needsAdmin: 0, unchanged: 0 },
    plannerUsed: false,
    durationMs: 0,
  };

  // Per page, the planner asks channel-mapping for the newest message time of the page's channels
  // (a reply per page stays small; the whole list of 10,000 channels would not fit a NATS message).
  // The first ask reads Zoho's list fresh (maxAgeMs 0: a message sent a minute ago counts); later
  // asks accept a list no older than the sweep, so channel-mapping reads it once per sweep.
  // A page with nothing that could be skipped spends no call; after a failure the rest of the
  // sweep requests every due mapping.
  let plannerFailed = !config.plannerEnabled;
  let firstAsk: number | null = null;
  const plannerFor = async (page: ScheduledMapping[]): Promise<ChannelActivity | null> => {
    if (plannerFailed) return null;
    const ids = [...new Set(page.filter((m) => m.syncStatus === "active" && decide(m, { ...base, activity: null }).kind === "request").map((m) => m.zohoChannelId))];
    if (ids.length === 0) return null;
    try {
      const activity = new Map<string, number | null>();
      for (let i = 0; i < ids.length; i += ACTIVITY_BATCH) {
        const maxAgeMs = firstAsk === null ? 0 : Math.round(performance.now() - firstAsk) + CLOCK_MARGIN_MS;
        firstAsk ??= performance.now();
        const reply = await deps.commands.request("channelsActivity", { actor: SCHEDULER_ACTOR, channelIds: ids.slice(i, i + ACTIVITY_BATCH), maxAgeMs }, { timeoutMs: config.plannerTimeoutMs });
        for (const [id, ms] of channelActivity(reply.activity)) activity.set(id, ms);
      }
      if (!report.plannerUsed) log.info({ channels: ids.length }, "planner read channel activity");
      report.plannerUsed = true;
      return activity;
    } catch (err) {
      plannerFailed = true;
      report.plannerError = (err as Error).message;
      log.warn({ error: report.plannerError }, "channel activity unavailable; requesting every due mapping");
      return null;
    }
  };

  for (let after: string | null = null; ; ) {
    const page = await reader.page({ after, limit: config.pageSize, intervalOnly: mode === "interval" });
    if (page.length === 0) break;
    report.scanned += page.length;
    const ctx: PlanContext = { ...base, activity: await plannerFor(page) };
    const requests: Request[] = [];
    for (const m of page) {
      const d = decide(m, ctx);
      if (d.kind === "request") requests.push(d);
      else if (d.kind === "skip") report.skipped[d.reason]++;
      if (d.kind === "request" || (d.kind === "skip" && d.reason === "unchanged")) report.due++;
    }
    await publishAll(deps, requests, now, report, log);
    after = page[page.length - 1]?.id ?? null;
    if (page.length < config.pageSize) break;
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

async function publishAll(deps: SweepDeps, requests: Request[], now: Date, report: SweepReport, log: Logger): Promise<void> {
  const width = Math.max(1, deps.config.publishConcurrency);
  for (let i = 0; i < requests.length; i += width) {
    const chunk = requests.slice(i, i + width);
    const results = await Promise.allSettled(
      chunk.map((r) =>
        deps.publisher.publish(
          "syncRequested",
          { jobId: r.jobId, mappingId: r.mappingId, jobType: "scheduled", requestedAt: now.toISOString(), requestedBy: SCHEDULER_ACTOR.service, slot: r.slot.toISOString() },
          { id: r.jobId },
        ),
      ),
    );
    results.forEach((res, k) => {
      if (res.status === "fulfilled") report.requested++;
      else {
        report.failed++;
        log.error({ mappingId: chunk[k]?.mappingId, jobId: chunk[k]?.jobId, error: (res.reason as Error).message }, "could not request a scheduled sync");
      }
    });
  }
}
