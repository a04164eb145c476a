// What one audit_log row says about a state-changing call: who (the verified caller), what (the
// route pattern and its ids), when, and how it ended (status and error code). Request bodies are
// NOT stored — they may carry OAuth codes or tokens — except the whitelisted fields below.
export const AUDITED_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Body fields safe and useful to keep (ids and settings, never credentials). */
export const AUDITED_BODY_FIELDS = ["mappingId", "zohoChannelId", "backfillDays", "syncIntervalMinutes", "location"] as const;

export const AUDIT_OUTCOMES = ["succeeded", "denied", "rejected", "failed"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditEntry = {
  actorId: string | null;
  actorRoles: string[];
  /** `POST /api/zoho-mappings/:id/sync`: the route pattern, not the concrete URL. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  statusCode: number;
  errorCode: string | null;
  params: Record<string, string>;
  /** Whitelisted body fields that were present. */
  fields: Record<string, unknown>;
  requestId: string;
};

export type AuditInput = {
  method: string;
  routeUrl: string;
  params: unknown;
  body: unknown;
  statusCode: number;
  errorCode: string | null;
  user: { id: string; roles: readonly string[] } | null;
  requestId: string;
};

export function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode < 400) return "succeeded";
  if (statusCode === 401 || statusCode === 403) return "denied";
  return statusCode < 500 ? "rejected" : "failed";
}

/** Path segment before an id parameter → the kind of thing the id names. */
const TARGET_TYPES: Record<string, string> = {
  "zoho-mappings": "mapping",
  "zoho-sync-jobs": "sync_job",
  rooms: "room",
  clients: "client",
};

const MAX_PARAM_LENGTH = 200;

function stringParams(params: unknown): Record<string, string> {
  if (params === null || typeof params !== "object") return {};
  return Object.fromEntries(
    Object.entries(params as Record<string, unknown>)
      .filter(([, v]) => typeof v === "string")
      .map(([k, v]) => [k, (v as string).slice(0, MAX_PARAM_LENGTH)]),
  );
}

function whitelisted(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return {};
  const source = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of AUDITED_BODY_FIELDS) {
    const v = source[field];
    if (typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && v.length <= MAX_PARAM_LENGTH)) out[field] = v;
  }
  return out;
}

/** The thing acted on: the route's last id parameter, else a mapping named in the body, else the route's area. */
export function targetOf(routeUrl: string, params: Record<string, string>, fields: Record<string, unknown>): { targetType: string | null; targetId: string | null } {
  const segments = routeUrl.split("/").filter((s) => s !== "");
  for (let i = segments.length - 1; i > 0; i--) {
    const seg = segments[i] as string;
    if (!seg.startsWith(":")) continue;
    const before = segments[i - 1] as string;
    return { targetType: TARGET_TYPES[before] ?? before, targetId: params[seg.slice(1)] ?? null };
  }
  if (typeof fields.mappingId === "string") return { targetType: "mapping", targetId: fields.mappingId };
  // /api/integrations/zoho-cliq/refresh → integration zoho-cliq; /functions/v1/zoho-sync → function zoho-sync
  const area = segments[0] === "functions" ? ["function", segments[2]] : [segments[1]?.replace(/s$/, ""), segments[2]];
  return { targetType: area[0] ?? null, targetId: area[1] ?? null };
}

export function auditEntryFor(input: AuditInput): AuditEntry {
  const params = stringParams(input.params);
  const fields = whitelisted(input.body);
  return {
    actorId: input.user?.id ?? null,
    actorRoles: [...(input.user?.roles ?? [])],
    action: `${input.method} ${input.routeUrl}`,
    ...targetOf(input.routeUrl, params, fields),
    outcome: outcomeOf(input.statusCode),
    statusCode: input.statusCode,
    errorCode: input.errorCode,
    params,
    fields,
    requestId: input.requestId,
  };
}
