import { z } from "zod";

/**
 * Every role `orc` knows, from least to most privileged. Closed on purpose: the auth layer, the tier
 * rules and the role mappings in the estate all speak this vocabulary.
 */
export const ROLES = [
  "viewer",
  "engineer",
  "release-manager",
  "approver",
  "cab",
  "auditor",
  "admin",
] as const;

/** A role a user or an OIDC group can hold. */
export const Role = z.enum(ROLES).meta({
  description: "A role known to orc: viewer, engineer, release-manager, approver, cab, auditor or admin.",
});
export type Role = z.infer<typeof Role>;

/** True when `value` is one of {@link ROLES}. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
