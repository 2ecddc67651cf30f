import { z } from "zod";

/**
 * The roles orc knows. Each grants a set of actions checked on the server; `admin` implies every role.
 * (The estate's role mappings bind people, groups and tokens to these.)
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
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
