// Serves contract commands over core NATS request/reply. Each request is validated against its
// contract schema before a handler sees it; every reply has the contract shape
// `{ ok: true, data } | { ok: false, error }`, and an unexpected failure never leaks its details.
import type { Msg, NatsConnection, Subscription } from "@nats-io/nats-core";
import { AppError, COMMANDS, httpStatusFor, subjectsFor, type CommandName, type CommandReplyData, type CommandRequestParsed, type ErrorBody } from "@cliq/contracts";
import type { Logger } from "../logger.ts";
import { formatIssues, summarizeIssues } from "../util/issues.ts";
import { withTimeout } from "../util/time.ts";

export type CommandHandlers = {
  [N in CommandName]?: (req: CommandRequestParsed<N>) => Promise<CommandReplyData<N>>;
};

export type ServeCommandsOptions = {
  nc: NatsConnection;
  prefix: string;
  logger: Logger;
  handlers: CommandHandlers;
  /** The serving service's name; the default queue group. */
  service?: string;
  /** Queue group, so replicas share each request (groups are per subject); default `service`, else "commands". */
  queue?: string;
  /** How long stop() waits for running handlers; default 10 s. */
  stopTimeoutMs?: number;
};

export type CommandServer = { stop(): Promise<void> };

type Reply = { ok: true; data: unknown } | { ok: false; error: ErrorBody };

const INTERNAL: ErrorBody = { code: "internal", message: "internal error" };

export function serveCommands(opts: ServeCommandsOptions): CommandServer {
  const subjects = subjectsFor(opts.prefix);
  const log = opts.logger.child({ component: "commands" });
  const running = new Set<Promise<void>>();
  const subs: Subscription[] = [];

  for (const name of Object.keys(opts.handlers) as CommandName[]) {
    const handler = opts.handlers[name] as ((req: unknown) => Promise<unknown>) | undefined;
    if (handler === undefined) continue;
    const subject = subjects.command(name);
    const sub = opts.nc.subscribe(subject, {
      queue: opts.queue ?? opts.service ?? "commands",
      callback: (err, msg) => {
        if (err) {
          log.error({ err, subject }, "command subscription failed");
          return;
        }
        const p = handle(name, handler, msg).finally(() => running.delete(p));
        running.add(p);
      },
    });
    subs.push(sub);
  }
  log.info({ commands: subs.map((s) => s.getSubject()) }, "serving commands");

  async function handle(name: CommandName, handler: (req: unknown) => Promise<unknown>, msg: Msg): Promise<void> {
    if (!msg.reply) {
      log.warn({ subject: msg.subject }, "command published without a reply subject; ignored");
      return;
    }
    const reply = await run(name, handler, msg);
    try {
      msg.respond(JSON.stringify(reply));
    } catch (err) {
      log.warn({ err, subject: msg.subject }, "could not send a command reply");
    }
  }

  async function run(name: CommandName, handler: (req: unknown) => Promise<unknown>, msg: Msg): Promise<Reply> {
    const spec = COMMANDS[name];
    let payload: unknown;
    try {
      payload = msg.data.length === 0 ? {} : JSON.parse(new TextDecoder().decode(msg.data));
    } catch {
      return { ok: false, error: { code: "validation_failed", message: `${name} request is not valid JSON` } };
    }
    const req = spec.request.safeParse(payload);
    if (!req.success) {
      return {
        ok: false,
        error: { code: "validation_failed", message: `invalid ${name} request: ${formatIssues(req.error.issues)}`, details: summarizeIssues(req.error.issues) },
      };
    }
    let result: unknown;
    try {
      result = await handler(req.data);
    } catch (err) {
      if (err instanceof AppError) {
        const level = httpStatusFor(err.code) >= 500 ? "warn" : "debug";
        log[level]({ command: name, code: err.code, message: err.message }, "command refused");
        return { ok: false, error: err.toBody() };
      }
      log.error({ err, command: name }, "command handler failed");
      return { ok: false, error: INTERNAL };
    }
    // A reply outside the contract is a bug on this side: say so here, not in the caller.
    const data = spec.reply.safeParse(result);
    if (!data.success) {
      log.error({ command: name, problem: formatIssues(data.error.issues) }, "command handler returned a reply outside the contract");
      return { ok: false, error: INTERNAL };
    }
    return { ok: true, data: data.data };
  }

  return {
    async stop() {
      for (const s of subs) s.unsubscribe();
      await withTimeout(Promise.allSettled([...running]), opts.stopTimeoutMs ?? 10_000, "command handlers still running").catch((err: unknown) =>
        log.warn({ err }, "stopped with command handlers still running"),
      );
    },
  };
}
