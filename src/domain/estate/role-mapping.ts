import { z } from "zod";
import { UserName } from "./names.js";
import { Role } from "./roles.js";

/** A named person; API tokens and approvals bind to `name`. */
export const User = z
  .strictObject({
    name: UserName,
    email: z.email().optional(),
    displayName: z.string().min(1).optional(),
    roles: z.array(Role).min(1),
  })
  .meta({ description: "A person who may hold API tokens and give approvals." });
export type User = z.infer<typeof User>;

/** Everyone whose OIDC token carries `group` (in its groups claim) holds `roles`. */
export const GroupMapping = z
  .strictObject({
    group: z.string().min(1).meta({ description: "The group name or id as the identity provider sends it." }),
    roles: z.array(Role).min(1),
  })
  .meta({ description: "Maps an OIDC group (claim value) to roles." });
export type GroupMapping = z.infer<typeof GroupMapping>;

/** Who holds which role: named users and OIDC groups. */
export const RoleMapping = z
  .strictObject({
    users: z.array(User).default([]),
    groups: z.array(GroupMapping).default([]),
  })
  .meta({ description: "Who holds which role: named users and OIDC group mappings." });
export type RoleMapping = z.infer<typeof RoleMapping>;
