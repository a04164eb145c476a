// The slice of the shared Zoho rate limiter (@cliq/zoho-limiter, clustered on Redis so every
// replica of every service spends one budget) that this service depends on. Declared here so the
// service is written against the few calls it makes, not the whole package.

export type ZohoEndpointClass = "messages" | "channels" | "channel";

export type ZohoLimiter = {
  schedule<T>(endpointClass: ZohoEndpointClass, fn: () => Promise<T>, opts?: { signal?: AbortSignal }): Promise<T>;
  /** Stops every call of the class, in every replica, for at least `ms` (Zoho locked the endpoint). */
  pauseFor(endpointClass: ZohoEndpointClass, ms: number): Promise<void>;
  /** Milliseconds left of a pause on the class, 0 when none. */
  pausedFor(endpointClass: ZohoEndpointClass): Promise<number>;
  stop(): Promise<void>;
};
