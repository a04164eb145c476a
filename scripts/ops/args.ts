// Command-line parsing for the ops CLI (node:util parseArgs). Every validation error names the
// flag and what it expects; the CLI turns a UsageError into exit code 2.
import { parseArgs } from "node:util";
import { ERROR_CODES, prefixSchema, type ErrorCode } from "@cliq/contracts";
import { parseDurationMs } from "@cliq/runtime";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type Connection = { natsUrl: string; prefix: string };
export type FailureFilter = { since?: Date; until?: Date; mappingId?: string; code?: ErrorCode; jobIds: string[] };

export type Command =
  | { name: "list"; conn: Connection; filter: FailureFilter; limit: number; json: boolean }
  | { name: "show"; conn: Connection; seq?: number; id?: string; since?: Date; json: boolean }
  | { name: "replay"; conn: Connection; filter: FailureFilter; dryRun: boolean; force: boolean; by: string; json: boolean }
  | { name: "rebuild-projection"; conn: Connection; fromSeq: number; dryRun: boolean; force: boolean; json: boolean }
  | { name: "help" };

export const USAGE = `usage: npm run ops -- <command> [flags]

commands:
  list                 failed sync jobs from the SYNC stream (latest failure per job)
                         [--since 24h|ISO] [--until ISO] [--mapping UUID] [--code CODE] [--job UUID]... [--limit N]
  show                 one stored event: --seq N | --id EVENT_ID [--since 24h|ISO]
  replay               re-request failed jobs as new sync.requested (type retry, retryOf set)
                         selectors as for list (at least one); [--dry-run] [--force] [--by NAME]
  rebuild-projection   recreate channel-mapping's projection consumer from a stream sequence
                         --from-seq N [--dry-run] [--force]

common flags:
  --nats-url URL   NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  --prefix P       deployment subject prefix (default $SUBJECT_PREFIX or none)
  --json           machine-readable output
exit codes: 0 done, 1 failed (NATS, stream, nothing found), 2 bad command line`;

const OPTIONS = {
  "nats-url": { type: "string" },
  prefix: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  mapping: { type: "string" },
  code: { type: "string" },
  job: { type: "string", multiple: true },
  limit: { type: "string" },
  seq: { type: "string" },
  id: { type: "string" },
  "from-seq": { type: "string" },
  by: { type: "string" },
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Which flags each command accepts besides --nats-url, --prefix, --json and --help. */
const ALLOWED: Record<Exclude<Command["name"], "help">, readonly string[]> = {
  list: ["since", "until", "mapping", "code", "job", "limit"],
  show: ["seq", "id", "since"],
  replay: ["since", "until", "mapping", "code", "job", "dry-run", "force", "by"],
  "rebuild-projection": ["from-seq", "dry-run", "force"],
};
const COMMON = ["nats-url", "prefix", "json", "help"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidFlag(flag: string, raw: string): string {
  if (!UUID.test(raw)) throw new UsageError(`--${flag} must be a UUID (got ${JSON.stringify(raw)})`);
  return raw.toLowerCase();
}

function positiveInt(flag: string, raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer (got ${JSON.stringify(raw)})`);
  return n;
}

/** An ISO date-time, or a duration back from `now` (30m, 24h, 7d). */
export function timeFlag(flag: string, raw: string, now: Date): Date {
  const ms = parseDurationMs(raw);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    const d = new Date(raw);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--${flag} must be an ISO date-time (2025-01-06T02:00:00Z) or a duration back from now such as 30m, 24h, 7d (got ${JSON.stringify(raw)})`);
}

function connection(values: Record<string, unknown>, env: NodeJS.ProcessEnv): Connection {
  const natsUrl = (values["nats-url"] as string | undefined) ?? env.NATS_URL ?? "nats://127.0.0.1:4222";
  try {
    const u = new URL(natsUrl);
    if (!["nats:", "tls:", "ws:", "wss:"].includes(u.protocol)) throw new Error("scheme");
  } catch {
    throw new UsageError(`--nats-url must be a nats://, tls://, ws:// or wss:// URL (got ${JSON.stringify(natsUrl.replace(/\/\/[^@/]*@/, "//***@"))})`);
  }
  const prefix = (values.prefix as string | undefined) ?? env.SUBJECT_PREFIX ?? "";
  if (!prefixSchema.safeParse(prefix).success) throw new UsageError(`--prefix must be letters, digits, '_' or '-' (at most 32 characters) (got ${JSON.stringify(prefix)})`);
  return { natsUrl, prefix };
}

function failureFilter(v: Record<string, unknown>, now: Date): FailureFilter {
  const filter: FailureFilter = { jobIds: ((v.job as string[] | undefined) ?? []).map((j) => uuidFlag("job", j)) };
  if (typeof v.since === "string") filter.since = timeFlag("since", v.since, now);
  if (typeof v.until === "string") filter.until = timeFlag("until", v.until, now);
  if (typeof v.mapping === "string") filter.mappingId = uuidFlag("mapping", v.mapping);
  if (typeof v.code === "string") {
    if (!(ERROR_CODES as readonly string[]).includes(v.code)) throw new UsageError(`--code must be an error code from @cliq/contracts such as zoho_unavailable, ingest_rejected (got ${JSON.stringify(v.code)})`);
    filter.code = v.code as ErrorCode;
  }
  if (filter.since && filter.until && filter.since > filter.until) throw new UsageError("--since must be before --until");
  return filter;
}

export function parseCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (values.help || name === undefined || name === "help") return { name: "help" };
  if (!(name in ALLOWED)) throw new UsageError(`unknown command ${JSON.stringify(name)}; expected one of ${Object.keys(ALLOWED).join(", ")}`);
  const command = name as keyof typeof ALLOWED;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}; flags start with --`);
  for (const flag of Object.keys(values)) {
    if (!COMMON.includes(flag) && !ALLOWED[command].includes(flag)) throw new UsageError(`--${flag} does not apply to ${command}`);
  }
  const conn = connection(values, env);
  const json = values.json === true;
  switch (command) {
    case "list":
      return { name: "list", conn, filter: failureFilter(values, now), limit: values.limit === undefined ? 100 : positiveInt("limit", values.limit), json };
    case "show": {
      if ((values.seq === undefined) === (values.id === undefined)) throw new UsageError("show needs exactly one of --seq or --id");
      if (values.id !== undefined && (values.id === "" || values.id.length > 200)) throw new UsageError("--id must be an event id of 1 to 200 characters");
      return {
        name: "show",
        conn,
        json,
        ...(values.seq === undefined ? {} : { seq: positiveInt("seq", values.seq) }),
        ...(values.id === undefined ? {} : { id: values.id }),
        ...(values.since === undefined ? {} : { since: timeFlag("since", values.since, now) }),
      };
    }
    case "replay": {
      const filter = failureFilter(values, now);
      if (filter.jobIds.length === 0 && !filter.since && !filter.mappingId && !filter.code) {
        throw new UsageError("replay needs a selector: --job, --since, --mapping or --code (replaying every failure ever is never what you want)");
      }
      const by = values.by ?? "ops-cli";
      if (by.length > 200) throw new UsageError("--by must be at most 200 characters");
      return { name: "replay", conn, filter, dryRun: values["dry-run"] === true, force: values.force === true, by, json };
    }
    case "rebuild-projection":
      if (values["from-seq"] === undefined) throw new UsageError("rebuild-projection needs --from-seq N (1 replays the whole stream)");
      return { name: "rebuild-projection", conn, fromSeq: positiveInt("from-seq", values["from-seq"]), dryRun: values["dry-run"] === true, force: values.force === true, json };
  }
}
