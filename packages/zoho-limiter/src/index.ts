export { createZohoLimiter, defaultThrottleLockMs, type ZohoLimiter, type ZohoLimiterOptions, type ScheduleOptions, type LimiterLogger } from "./limiter.ts";
export { ENDPOINT_CLASSES, DEFAULT_SPACING_MARGIN, bottleneckSettings, zohoBudgetId, type Budget, type EndpointClass } from "./budget.ts";
export { LimiterUnavailableError, LimiterAbortedError } from "./errors.ts";
export { zohoBudgetEnvShape, sharedBudgetOptions, limiterCheck, type ZohoBudgetConfig } from "./config.ts";
