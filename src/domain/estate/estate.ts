import { z } from "zod";
import { MAX_POLICIES, PolicySpec } from "../policy/policy-spec.js";
import { CalendarSpec, IcsImport, RegionSpec } from "./calendars.js";
import { Name } from "./names.js";
import { Notifications } from "./notifications.js";
import { RoleMapping } from "./role-mapping.js";
import { Tenant } from "./tenant.js";
import { DEFAULT_TIERS, Tier } from "./tier.js";

/** The `apiVersion` of the estate format this code reads. */
export const ESTATE_API_VERSION = "orc.dev/v1";

/** Whose estate this is. */
export const Organization = z.strictObject({
  id: Name,
  name: z.string().min(1),
});
export type Organization = z.infer<typeof Organization>;

/** Everything orc manages, as declared in `estate.yaml`. */
export const Estate = z
  .strictObject({
    apiVersion: z.literal(ESTATE_API_VERSION),
    kind: z.literal("Estate"),
    organization: Organization,
    /** @default [] */
    regions: z.array(RegionSpec).default([]),
    /** @default [] */
    calendars: z.array(CalendarSpec).default([]),
    /** Promotions calendars (ICS) imported as freezes. @default [] */
    icsImports: z.array(IcsImport).default([]),
    /** @default no users, no groups */
    roles: RoleMapping.default({ users: [], groups: [] }),
    /** @default {@link DEFAULT_TIERS} (emergency, standard, major) */
    tiers: z.array(Tier).default(() => structuredClone([...DEFAULT_TIERS])),
    tenants: z.array(Tenant),
    /** Organization rules (policy as code): CEL expressions every release decision checks. @default [] */
    policies: z.array(PolicySpec).max(MAX_POLICIES).default([]),
    /** Outgoing webhooks on release lifecycle events. @default none */
    notifications: Notifications.optional(),
  })
  .meta({
    title: "orc estate",
    description:
      "Odoo Release Control estate: organization, tenants, environments, tiers, calendars, roles and policies.",
  });
export type Estate = z.infer<typeof Estate>;
