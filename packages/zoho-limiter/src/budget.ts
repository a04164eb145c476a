// Turning a documented budget ("15 requests per minute") into Bottleneck settings. Pure, so the
// arithmetic that keeps every replica inside Zoho's limit is unit-tested on its own.

/** The endpoint classes Zoho meters separately (doc §3.1); each has its own shared budget. */
export const ENDPOINT_CLASSES = ["messages", "channels", "channel"] as const;
export type EndpointClass = (typeof ENDPOINT_CLASSES)[number];

export type Budget = {
  /** Requests allowed per window (Zoho: 15 for messages, 30 for channels). */
  perWindow: number;
  /** Window length; 60 000 in production, scaled down in tests and benchmarks. */
  windowMs: number;
};

export type BottleneckSettings = {
  reservoir: number;
  reservoirRefreshAmount: number;
  reservoirRefreshInterval: number;
  minTime: number;
};

/** Default head-room on the spacing: absorbs the few ms between reserving a slot and Zoho seeing the request. */
export const DEFAULT_SPACING_MARGIN = 0.03;

export function validateBudget(cls: string, b: Budget): void {
  if (!Number.isInteger(b.perWindow) || b.perWindow < 1) throw new RangeError(`budget ${cls}: perWindow must be a positive integer, got ${b.perWindow}`);
  if (!Number.isInteger(b.windowMs) || b.windowMs < 1) throw new RangeError(`budget ${cls}: windowMs must be a positive integer, got ${b.windowMs}`);
}

/**
 * The reservoir alone is a fixed window: across its boundary a sliding (or differently aligned
 * fixed) window can see twice the budget. Spacing every request by windowMs/perWindow (plus a
 * small margin) means any window of windowMs holds at most perWindow requests, whatever its
 * alignment; the reservoir stays as a second bound.
 *
 * A budget of more than one request per millisecond (a lifted limit, as in benchmarks) is not
 * spaced: Bottleneck's timers cannot space below 1 ms, and rounding the spacing up to 1 ms would
 * quietly impose its own limit of 1,000 requests/s. The reservoir alone bounds each window then.
 */
export function bottleneckSettings(b: Budget, spacingMargin = DEFAULT_SPACING_MARGIN): BottleneckSettings {
  if (!(spacingMargin >= 0 && spacingMargin < 1)) throw new RangeError(`spacingMargin must be in [0, 1), got ${spacingMargin}`);
  return {
    reservoir: b.perWindow,
    reservoirRefreshAmount: b.perWindow,
    reservoirRefreshInterval: b.windowMs,
    minTime: b.perWindow > b.windowMs ? 0 : Math.ceil((b.windowMs / b.perWindow) * (1 + spacingMargin)),
  };
}

/** Most requests that can start inside any interval of `windowMs` with these settings. */
export function worstCaseInWindow(s: BottleneckSettings, windowMs: number): number {
  const bySpacing = s.minTime === 0 ? Number.POSITIVE_INFINITY : Math.floor((windowMs - 1) / s.minTime) + 1;
  return Math.min(bySpacing, 2 * s.reservoir);
}

/**
 * The id every service uses for one Zoho connection's budgets, so the sync workers, the channel
 * listing and auth's connection test all draw from the same shared budget.
 */
export function zohoBudgetId(prefix: string, connection = "system"): string {
  return `${prefix === "" ? "-" : prefix}:${connection}`;
}
