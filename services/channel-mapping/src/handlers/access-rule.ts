// Every command passes the access rule (domain/access.ts) before its handler runs: no handler can
// forget it, a command not granted to a service is refused before any work, and the handler is
// given the caller the rule established (a user for every command a service may not call).
import type { CommandReplyData, CommandRequestParsed } from "@cliq/contracts";
import type { CommandHandlers } from "@cliq/runtime";
import { authorize, MAPPING_COMMANDS, type CallerFor, type MappingCommand } from "../domain/access.ts";

export type AuthorizedHandler<N extends MappingCommand> = (req: CommandRequestParsed<N>, caller: CallerFor<N>) => Promise<CommandReplyData<N>>;
export type AuthorizedHandlers = { [N in MappingCommand]: AuthorizedHandler<N> };

export function withAccessRule(handlers: AuthorizedHandlers): CommandHandlers {
  const guarded: CommandHandlers = {};
  for (const name of MAPPING_COMMANDS) guard(guarded, name, handlers[name]);
  return guarded;
}

function guard<N extends MappingCommand>(out: CommandHandlers, name: N, handler: AuthorizedHandler<N>): void {
  const run = async (req: CommandRequestParsed<N>) => handler(req, authorize(name, req.actor));
  (out as Record<N, typeof run>)[name] = run;
}
