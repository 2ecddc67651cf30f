import { z } from "zod";
import { LICENSE_CATEGORIES, type LicenseCategory } from "./license-category.js";

/**
 * Selects licenses: an SPDX id (`AGPL-3.0-only`), an id prefix ending in `*` (`AGPL-*`), or a category
 * after `@` (`@network-copyleft`, `@proprietary`). Ids are compared in canonical form.
 */
export const LicenseSelector = z
  .string()
  .min(1)
  .refine((s) => !s.startsWith("@") || (LICENSE_CATEGORIES as readonly string[]).includes(s.slice(1)), {
    message: `a category selector is one of ${LICENSE_CATEGORIES.map((c) => `@${c}`).join(", ")}`,
  });
export type LicenseSelector = z.infer<typeof LicenseSelector>;

/** Licenses that must not meet in one deployment: any license of one side with any of the other. */
export const LicenseConflict = z.object({
  name: z.string().min(1),
  between: z.tuple([z.array(LicenseSelector).min(1), z.array(LicenseSelector).min(1)]),
  /** Why a lawyer flags it, shown in the gate's reasons. */
  reason: z.string().min(1),
});
export type LicenseConflict = z.infer<typeof LicenseConflict>;

/** The combinations flagged when a policy names none. */
export const DEFAULT_LICENSE_CONFLICTS: readonly LicenseConflict[] = [
  {
    name: "proprietary-with-agpl",
    between: [["@proprietary"], ["@network-copyleft"]],
    reason:
      "AGPL-licensed modules run in the same Odoo server as proprietary ones (OPL-1, in-house): the AGPL may oblige offering the source of the combined work to its users",
  },
  {
    name: "proprietary-with-gpl",
    between: [["@proprietary"], ["@strong-copyleft"]],
    reason:
      "GPL-licensed code combined with proprietary code: distributing the whole may oblige releasing it under the GPL",
  },
  {
    name: "gpl-2-only-with-apache",
    between: [["GPL-2.0-only"], ["Apache-2.0"]],
    reason: "Apache-2.0 code cannot be combined with GPL-2.0-only code (the FSF deems them incompatible)",
  },
];

/** Which licenses an SBOM may contain. */
export const LicensePolicy = z.object({
  /** When given, every license must match one of these (or be waived). @default none: anything not denied */
  allow: z.array(LicenseSelector).optional(),
  /** Licenses that always fail. @default [] */
  deny: z.array(LicenseSelector).default([]),
  /** Components without a license, or with one orc does not recognize: `fail` or `pass`. @default "fail" */
  unknown: z.enum(["fail", "pass"]).default("fail"),
  /** Combinations flagged across the SBOM. @default {@link DEFAULT_LICENSE_CONFLICTS} */
  conflicts: z.array(LicenseConflict).default([...DEFAULT_LICENSE_CONFLICTS]),
});
export type LicensePolicy = z.infer<typeof LicensePolicy>;

/** True when `selector` selects the canonical license `id` of category `category`. */
export function selectsLicense(selector: string, id: string, category: LicenseCategory): boolean {
  if (selector.startsWith("@")) return selector.slice(1) === category;
  const s = selector.toLowerCase();
  const l = id.toLowerCase();
  return s.endsWith("*") ? l.startsWith(s.slice(0, -1)) : s === l;
}
