// Who may ask channel-mapping for what. Mappings are an organisation-wide admin tool: users need
// the role super_admin or backend (the gateway checks too; this keeps a direct NATS caller
// honest). Our own services act as a service identity, never as a user with a special role, and
// may call only the commands granted to them below — the scheduler reads its channels' activity so
// its planner can skip channels with nothing new, and nothing else.
import { AppError, isServiceActor, ROLES, type CommandActor, type ServiceIdentity } from "@cliq/contracts";

export const MAPPING_ROLES = ["super_admin", "backend"] as const;

/** Every command channel-mapping serves (the handlers table in service.ts must cover exactly these). */
export const MAPPING_COMMANDS = [
  "channelsList",
  "channelsActivity",
  "mappingCreate",
  "mappingDelete",
  "mappingPause",
  "mappingResume",
  "mappingGet",
  "mappingList",
  "mappingClients",
  "mappingRooms",
  "mappingJobs",
  "jobGet",
] as const;
export type MappingCommand = (typeof MAPPING_COMMANDS)[number];

/** What each service identity may call: the planner needs the newest message time of its channels, nothing more. */
export const SERVICE_GRANTS = {
  scheduler: ["channelsActivity"],
} as const satisfies Record<ServiceIdentity, readonly MappingCommand[]>;
type ServiceGrantedCommand = (typeof SERVICE_GRANTS)[ServiceIdentity][number];

export type UserCaller = { kind: "user"; userId: string; roles: readonly string[] };
export type ServiceCaller = { kind: "service"; service: ServiceIdentity };
export type Caller = UserCaller | ServiceCaller;
/** The caller a command's handler can meet: a service only where a service is granted the command. */
export type CallerFor<N extends MappingCommand> = N extends ServiceGrantedCommand ? Caller : UserCaller;

/**
 * The one place a claimed actor becomes a caller. Today the claim is taken as sent (whoever may
 * publish on the command subjects is trusted to say who they are); when commands carry signed
 * actor assertions, this is where they are verified and a missing or bad one is refused.
 */
export function identify(actor: CommandActor): Caller {
  return isServiceActor(actor) ? { kind: "service", service: actor.service } : { kind: "user", userId: actor.userId, roles: actor.roles };
}

/** The caller, if it may call `command`; otherwise `forbidden`, naming what is allowed. */
export function authorize<N extends MappingCommand>(command: N, actor: CommandActor): CallerFor<N> {
  const caller = identify(actor);
  if (caller.kind === "service") {
    const granted: readonly MappingCommand[] = SERVICE_GRANTS[caller.service];
    if (!granted.includes(command)) {
      throw new AppError(
        "forbidden",
        `the ${caller.service} service may only call ${granted.join(", ")} on channel-mapping; ${command} needs a user with the role ${MAPPING_ROLES.join(" or ")}`,
        { command, service: caller.service, allowedCommands: granted, allowedRoles: MAPPING_ROLES },
      );
    }
    return caller as CallerFor<N>;
  }
  if (!caller.roles.some((r) => (MAPPING_ROLES as readonly string[]).includes(r))) {
    throw new AppError("forbidden", `managing Zoho channel mappings needs the role ${MAPPING_ROLES.join(" or ")}${serviceHint(caller.roles)}`, {
      command,
      allowedRoles: MAPPING_ROLES,
    });
  }
  return caller as CallerFor<N>;
}

// A role that is no platform role ("system", "service") is usually a service dressed as a user:
// say how a service identifies itself instead.
function serviceHint(roles: readonly string[]): string {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length === 0) return "";
  return ` (${unknown.map((r) => `"${r}"`).join(", ")} is no platform role; a service sends its service identity { kind: "service", service } instead)`;
}
