// Where an identity provider puts roles differs (Auth0/Supabase: `app_metadata.roles`, Keycloak:
// `realm_access.roles`, our dev tokens: `roles`), so the claim is a configurable dot path.

/** Reads the roles at `claimPath` in a JWT payload: an array of strings, or one string of roles separated by spaces/commas. */
export function readRolesClaim(payload: Record<string, unknown>, claimPath: string): string[] {
  let value: unknown = payload;
  for (const segment of claimPath.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[segment];
  }
  if (typeof value === "string") return value.split(/[\s,]+/).filter((r) => r !== "");
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === "string" && r !== "");
  return [];
}

/** The claims object that puts `roles` at `claimPath`, so a dev token matches what the verifier reads. */
export function rolesClaimAt(claimPath: string, roles: readonly string[]): Record<string, unknown> {
  const segments = claimPath.split(".");
  let claims: unknown = [...roles];
  for (const segment of segments.reverse()) claims = { [segment]: claims };
  return claims as Record<string, unknown>;
}

/** True when the user holds at least one of the allowed roles. */
export function hasAnyRole(userRoles: readonly string[], allowed: readonly string[]): boolean {
  return allowed.some((role) => userRoles.includes(role));
}
