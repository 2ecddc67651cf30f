/**
 * How a license binds the code that uses it, in the terms a retailer's lawyer reviews an Odoo estate
 * with: Odoo itself is LGPL-3, OCA modules are mostly AGPL-3 or LGPL-3, Odoo Apps store modules are
 * often OPL-1 (proprietary), Enterprise is OEEL-1.
 */
export const LICENSE_CATEGORIES = [
  "permissive",
  "weak-copyleft",
  "strong-copyleft",
  "network-copyleft",
  "proprietary",
  "unknown",
] as const;
export type LicenseCategory = (typeof LICENSE_CATEGORIES)[number];

const PERMISSIVE = [
  "0BSD",
  "Apache-1.1",
  "Apache-2.0",
  "Artistic-2.0",
  "BlueOak-1.0.0",
  "BSD-1-Clause",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "BSL-1.0",
  "CC-BY-3.0",
  "CC-BY-4.0",
  "CC0-1.0",
  "curl",
  "HPND",
  "ISC",
  "MIT",
  "MIT-0",
  "MIT-CMU",
  "OpenSSL",
  "PostgreSQL",
  "PSF-2.0",
  "Python-2.0",
  "Unicode-3.0",
  "Unicode-DFS-2016",
  "Unlicense",
  "WTFPL",
  "X11",
  "Zlib",
];
const WEAK = [
  "CDDL-1.0",
  "CDDL-1.1",
  "CPL-1.0",
  "EPL-1.0",
  "EPL-2.0",
  "LGPL-2.0-only",
  "LGPL-2.0-or-later",
  "LGPL-2.1-only",
  "LGPL-2.1-or-later",
  "LGPL-3.0-only",
  "LGPL-3.0-or-later",
  "MPL-1.1",
  "MPL-2.0",
];
const STRONG = [
  "EUPL-1.1",
  "EUPL-1.2",
  "GPL-2.0-only",
  "GPL-2.0-or-later",
  "GPL-3.0-only",
  "GPL-3.0-or-later",
  "OSL-3.0",
];
const NETWORK = ["AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0"];
/** Odoo's proprietary licenses and npm's marker for "no license granted". */
const PROPRIETARY = ["OPL-1", "OEEL-1", "Other proprietary", "UNLICENSED"];

const CATEGORY = new Map<string, LicenseCategory>();
for (const [list, category] of [
  [PERMISSIVE, "permissive"],
  [WEAK, "weak-copyleft"],
  [STRONG, "strong-copyleft"],
  [NETWORK, "network-copyleft"],
  [PROPRIETARY, "proprietary"],
] as const) {
  for (const id of list) CATEGORY.set(id, category);
}
const CANONICAL = new Map<string, string>([...CATEGORY.keys()].map((id) => [id.toLowerCase(), id]));

/** Odoo manifest license names, deprecated SPDX ids and common spellings → canonical ids. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["lgpl-3", "LGPL-3.0-only"],
  ["agpl-3", "AGPL-3.0-only"],
  ["gpl-3", "GPL-3.0-only"],
  ["gpl-2", "GPL-2.0-only"],
  ["gpl-2 or any later version", "GPL-2.0-or-later"],
  ["gpl-3 or any later version", "GPL-3.0-or-later"],
  ["opl-1", "OPL-1"],
  ["oeel-1", "OEEL-1"],
  ["other proprietary", "Other proprietary"],
  ["proprietary", "Other proprietary"],
  ["unlicensed", "UNLICENSED"],
  ["apache 2.0", "Apache-2.0"],
  ["apache license 2.0", "Apache-2.0"],
  ["apache software license", "Apache-2.0"],
  ["mit license", "MIT"],
  ["bsd license", "BSD-3-Clause"],
  ["isc license", "ISC"],
]);

/**
 * The canonical form of a license id or name: SPDX ids in their registered case, deprecated ids
 * (`GPL-3.0`, `AGPL-3.0+`) as `-only`/`-or-later`, Odoo manifest names (`LGPL-3`, `OPL-1`,
 * `Other proprietary`) mapped; anything else unchanged.
 */
export function canonicalLicense(idOrName: string, orLater = false): string {
  const trimmed = idOrName.trim();
  const plus = orLater || trimmed.endsWith("+");
  const bare = trimmed.endsWith("+") ? trimmed.slice(0, -1) : trimmed;
  const lower = bare.toLowerCase();
  const alias = ALIASES.get(lower);
  if (alias) return alias;
  const gnu = /^(a|l)?gpl-(\d\.\d)$/i.exec(bare);
  if (gnu) return `${(gnu[1] ?? "").toUpperCase()}GPL-${gnu[2] ?? ""}-${plus ? "or-later" : "only"}`;
  const known = CANONICAL.get(lower);
  if (known) return plus ? known.replace(/-only$/, "-or-later") : known;
  return bare;
}

/** The category of a canonical license id; `LicenseRef-…proprietary…` counts as proprietary. */
export function licenseCategory(canonical: string): LicenseCategory {
  const known = CATEGORY.get(canonical);
  if (known) return known;
  if (/^LicenseRef-.*(proprietary|commercial)/i.test(canonical)) return "proprietary";
  return "unknown";
}
