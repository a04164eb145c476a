// Mappings are an organisation-wide admin tool: only super admins and backend users may see or
// change them (the gateway checks too; this keeps a direct NATS caller honest).
import { AppError, type Actor } from "@cliq/contracts";

export const MAPPING_ROLES = ["super_admin", "backend"] as const;

export function assertMayManageMappings(actor: Actor): void {
  if (!actor.roles.some((r) => (MAPPING_ROLES as readonly string[]).includes(r))) {
    throw new AppError("forbidden", `managing Zoho channel mappings needs the role ${MAPPING_ROLES.join(" or ")}`);
  }
}
