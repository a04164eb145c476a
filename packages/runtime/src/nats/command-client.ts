// Sends contract commands and returns the typed reply data. Every failure becomes an AppError with
// a contract code, so callers (the gateway's error handler) map it to HTTP without special cases.
import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from "@nats-io/nats-core";
import { AppError, COMMANDS, replySchema, subjectsFor, type CommandName, type CommandReplyData, type CommandRequest } from "@cliq/contracts";
import { formatIssues } from "../util/issues.ts";

export type CommandClient = {
  request<N extends CommandName>(name: N, payload: CommandRequest<N>, opts?: { timeoutMs?: number }): Promise<CommandReplyData<N>>;
};

export type CreateCommandClientOptions = { nc: NatsConnection; prefix: string; timeoutMs?: number };

function isNoResponders(err: unknown): boolean {
  return err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders());
}

export function createCommandClient(opts: CreateCommandClientOptions): CommandClient {
  const subjects = subjectsFor(opts.prefix);
  const replies = new Map<CommandName, ReturnType<typeof replySchema>>();
  const replyFor = (name: CommandName) => {
    let schema = replies.get(name);
    if (schema === undefined) replies.set(name, (schema = replySchema(COMMANDS[name].reply)));
    return schema;
  };

  return {
    async request(name, payload, requestOpts = {}) {
      const subject = subjects.command(name);
      const timeoutMs = requestOpts.timeoutMs ?? opts.timeoutMs ?? 10_000;
      let raw: Uint8Array;
      try {
        raw = (await opts.nc.request(subject, JSON.stringify(payload), { timeout: timeoutMs })).data;
      } catch (err) {
        if (isNoResponders(err)) throw new AppError("service_unavailable", `${subject} has no responders`, undefined, true);
        if (err instanceof TimeoutError) throw new AppError("timeout", `${subject} did not reply within ${timeoutMs} ms`, undefined, true);
        throw new AppError("service_unavailable", `${subject} request failed: ${(err as Error).message}`, undefined, true);
      }
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        throw new AppError("internal", `${subject} replied with invalid JSON`);
      }
      const parsed = replyFor(name).safeParse(json);
      if (!parsed.success) throw new AppError("internal", `${subject} replied outside the contract: ${formatIssues(parsed.error.issues)}`);
      const reply = parsed.data;
      if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, reply.error.details);
      return reply.data as CommandReplyData<typeof name>;
    },
  };
}
