import { z } from "zod";
import { Environment, Hosting } from "./environment.js";
import { Name } from "./names.js";

/** A retailer or business unit, with its Odoo environments. */
export const Tenant = z
  .strictObject({
    name: Name,
    displayName: z.string().min(1).optional(),
    /** Default hosting of its environments. */
    hosting: Hosting,
    /** Name of a `regions` entry: its time zone applies to the tenant's environments. */
    region: Name,
    /** Number of stores (points of sale locations). @default 0 */
    stores: z.int().min(0).default(0),
    environments: z.array(Environment).min(1),
  })
  .meta({ description: "A retailer or business unit and its Odoo environments." });
export type Tenant = z.infer<typeof Tenant>;
