// When to refresh the access token, how often we may, and how long to wait after a failure.
// Zoho blocks token creation for the rest of a 10-minute window after 10 refreshes per refresh
// token, and the block cannot be lifted early, so we keep our own, smaller, budget. The attempt
// log lives in the database row so every replica spends the same budget.

export const ZOHO_REFRESH_WINDOW_MS = 10 * 60_000;
/** Zoho's documented cap is 10 per window; staying below it leaves room for clock skew. */
export const DEFAULT_REFRESH_BUDGET = 8;
/** A caller cannot demand more remaining validity than this (tokens live 60 minutes). */
export const MAX_MIN_VALIDITY_MS = 30 * 60_000;

export type RefreshLimits = { budget: number; windowMs: number };

/** The remaining validity below which a token counts as "due". */
export function refreshThreshold(marginMs: number, minValidityMs?: number): number {
  return Math.max(marginMs, Math.min(minValidityMs ?? 0, MAX_MIN_VALIDITY_MS));
}

export function isDue(expiresAt: Date, now: number, thresholdMs: number): boolean {
  return expiresAt.getTime() - now <= thresholdMs;
}

export function isExpired(expiresAt: Date, now: number): boolean {
  return expiresAt.getTime() <= now;
}

export type BudgetDecision =
  | { allowed: true; attempts: Date[] }
  | { allowed: false; retryAt: Date; used: number };

/**
 * Whether one more call to the token endpoint fits the sliding-window budget. On `allowed`,
 * `attempts` is the pruned log including this attempt, ready to be stored.
 */
export function spendBudget(attempts: readonly Date[], now: number, limits: RefreshLimits): BudgetDecision {
  const inWindow = attempts
    .filter((a) => a.getTime() > now - limits.windowMs && a.getTime() <= now)
    .sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length >= limits.budget) {
    // The slot frees when the oldest attempt that keeps us at the limit leaves the window.
    const oldest = inWindow[inWindow.length - limits.budget]!;
    return { allowed: false, retryAt: new Date(oldest.getTime() + limits.windowMs), used: inWindow.length };
  }
  return { allowed: true, attempts: [...inWindow, new Date(now)] };
}

export type BackoffOptions = { baseMs: number; maxMs: number };
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000 };

/** Delay before the next automatic retry after `failures` consecutive transient failures (≥ 1). */
export function backoffMs(failures: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(Math.max(failures, 1) - 1, 20);
  return Math.min(opts.maxMs, opts.baseMs * 2 ** exp);
}

export type TimerView = {
  state: "connected" | "refreshing" | "reauth_required";
  expiresAt: Date;
  nextRefreshNotBefore: Date | null;
};

/** The background timer's decision: refresh now or leave it. */
export function timerShouldRefresh(row: TimerView, now: number, marginMs: number): boolean {
  if (row.state === "reauth_required") return false;
  if (row.nextRefreshNotBefore !== null && row.nextRefreshNotBefore.getTime() > now) return false;
  return isDue(row.expiresAt, now, marginMs);
}
