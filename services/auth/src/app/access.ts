// Who may do what. The gateway checks roles per route too; this is the owner's own check, so a
// command sent on NATS by anything else is held to the same rule.
import { AppError, type Actor } from "@cliq/contracts";

export const ADMIN_ROLES = ["super_admin"] as const;
export const STATUS_ROLES = ["super_admin", "backend"] as const;

export function requireRole(actor: Actor, allowed: readonly string[], what: string): void {
  if (!actor.roles.some((r) => allowed.includes(r))) {
    throw new AppError("forbidden", `${what} needs one of the roles: ${allowed.join(", ")}`);
  }
}
