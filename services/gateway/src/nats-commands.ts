// How a route asks an owning service to do something: a typed NATS command carrying the caller
// as `actor`, so the owner can authorise and record who did it. A `{ ok: false }` reply arrives
// here as an AppError (thrown by the runtime's command client) and the error handler turns its
// code into the HTTP status, so routes just `return await sendCommand(...)`.
import type { Actor, CommandName, CommandReplyData, CommandRequest } from "@cliq/contracts";
import type { CommandClient } from "@cliq/runtime";
import type { FastifyRequest } from "fastify";
import { currentUser } from "./plugins/auth.ts";

/** Commands whose request carries an `actor` that may be a user (all a user may trigger through the gateway). */
export type ActorCommandName = { [N in CommandName]: CommandRequest<N> extends { actor: infer A } ? (Actor extends A ? N : never) : never }[CommandName];

/** A command's payload without `actor`; sendCommand adds it from the verified token. */
export type ActorlessPayload<N extends ActorCommandName> = Omit<CommandRequest<N>, "actor">;

export type SendCommandOptions = { timeoutMs?: number };

export function actorOf(request: FastifyRequest): Actor {
  const user = currentUser(request);
  return { userId: user.id, roles: [...user.roles] };
}

export async function sendCommand<N extends ActorCommandName>(
  commands: CommandClient,
  request: FastifyRequest,
  name: N,
  payload: ActorlessPayload<N>,
  opts?: SendCommandOptions,
): Promise<CommandReplyData<N>> {
  const full = { ...payload, actor: actorOf(request) } as CommandRequest<N>;
  return opts === undefined ? commands.request(name, full) : commands.request(name, full, opts);
}
