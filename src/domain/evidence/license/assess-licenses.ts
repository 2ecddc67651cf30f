import type { SbomComponent, SbomLicense } from "../cyclonedx/report.js";
import {
  canonicalLicense,
  licenseCategory,
  LICENSE_CATEGORIES,
  type LicenseCategory,
} from "./license-category.js";
import { selectsLicense, type LicensePolicy } from "./license-policy.js";
import { parseSpdxExpression, type SpdxExpression } from "./spdx-expression.js";

/** A license problem of one component. */
export interface ComponentLicenseProblem {
  readonly kind: "denied" | "not-allowed" | "unknown";
  /** The license as canonical id, or as written when not recognized; absent when there is none. */
  readonly license?: string;
  /** Why orc could not read it (an unparseable expression). */
  readonly detail?: string;
}

/** What the policy says about one component. */
export interface ComponentLicenseAssessment {
  readonly component: SbomComponent;
  /** The licenses that apply once OR choices are made (the least restrictive acceptable choice). */
  readonly effective: readonly string[];
  readonly problems: readonly ComponentLicenseProblem[];
}

type Tree = SpdxExpression | { readonly kind: "unreadable"; readonly text: string; readonly detail: string };

interface Choice {
  readonly acceptable: boolean;
  readonly licenses: readonly string[];
  readonly problems: readonly ComponentLicenseProblem[];
  /** Most restrictive category in the choice, for preferring the lighter alternative of an OR. */
  readonly weight: number;
}

function treeOf(license: SbomLicense): Tree {
  if (license.kind === "id") return { kind: "license", id: license.id, orLater: false };
  if (license.kind === "name") return { kind: "license", id: license.name, orLater: false };
  const parsed = parseSpdxExpression(license.expression);
  return parsed.ok
    ? parsed.expression
    : { kind: "unreadable", text: license.expression, detail: parsed.message };
}

function weightOf(category: LicenseCategory): number {
  return LICENSE_CATEGORIES.indexOf(category);
}

function choose(tree: Tree, policy: LicensePolicy): Choice {
  if (tree.kind === "unreadable") {
    const problem = { kind: "unknown" as const, license: tree.text, detail: tree.detail };
    const acceptable = policy.unknown === "pass";
    return {
      acceptable,
      licenses: [tree.text],
      problems: acceptable ? [] : [problem],
      weight: weightOf("unknown"),
    };
  }
  if (tree.kind === "license") {
    const id = canonicalLicense(tree.id, tree.orLater);
    const category = licenseCategory(id);
    const matches = (list: readonly string[] | undefined) =>
      list?.some((s) => selectsLicense(s, id, category)) ?? false;
    let problem: ComponentLicenseProblem | undefined;
    if (matches(policy.deny)) problem = { kind: "denied", license: id };
    else if (policy.allow && !matches(policy.allow)) problem = { kind: "not-allowed", license: id };
    else if (category === "unknown" && !policy.allow && policy.unknown === "fail")
      problem = { kind: "unknown", license: id };
    return {
      acceptable: !problem,
      licenses: [id],
      problems: problem ? [problem] : [],
      weight: weightOf(category),
    };
  }
  const choices = tree.terms.map((t) => choose(t, policy));
  if (tree.kind === "and") {
    return {
      acceptable: choices.every((c) => c.acceptable),
      licenses: choices.flatMap((c) => c.licenses),
      problems: choices.flatMap((c) => c.problems),
      weight: Math.max(...choices.map((c) => c.weight)),
    };
  }
  // OR: the licensee picks; prefer an acceptable alternative, then the least restrictive one.
  const ranked = [...choices].sort(
    (a, b) => Number(b.acceptable) - Number(a.acceptable) || a.weight - b.weight,
  );
  return ranked[0] ?? { acceptable: false, licenses: [], problems: [], weight: weightOf("unknown") };
}

/**
 * Assesses one component against a license policy. Several entries in a component's `licenses` all
 * apply (AND, the cautious reading); an SPDX `OR` is a choice, and the least restrictive acceptable
 * alternative is taken.
 */
export function assessComponentLicenses(
  component: SbomComponent,
  policy: LicensePolicy,
): ComponentLicenseAssessment {
  if (component.licenses.length === 0) {
    return { component, effective: [], problems: policy.unknown === "fail" ? [{ kind: "unknown" }] : [] };
  }
  const choices = component.licenses.map((l) => choose(treeOf(l), policy));
  return {
    component,
    effective: [...new Set(choices.flatMap((c) => c.licenses))],
    problems: choices.flatMap((c) => c.problems),
  };
}

/** A component and the license that puts it on one side of a conflict. */
export interface ConflictHolder {
  readonly component: SbomComponent;
  readonly license: string;
}

/** Two sides of a conflict rule, both present. */
export interface LicenseConflictFinding {
  readonly name: string;
  readonly reason: string;
  readonly sides: readonly [readonly ConflictHolder[], readonly ConflictHolder[]];
}

/** The conflicts of `policy` among components' effective licenses (the SBOM subject included). */
export function findLicenseConflicts(
  assessments: readonly ComponentLicenseAssessment[],
  policy: LicensePolicy,
): LicenseConflictFinding[] {
  const out: LicenseConflictFinding[] = [];
  for (const conflict of policy.conflicts) {
    const holders = conflict.between.map((selectors) => {
      const list: ConflictHolder[] = [];
      for (const a of assessments) {
        const license = a.effective.find((id) =>
          selectors.some((s) => selectsLicense(s, id, licenseCategory(id))),
        );
        if (license !== undefined) list.push({ component: a.component, license });
      }
      return list;
    }) as [ConflictHolder[], ConflictHolder[]];
    const [a, b] = holders;
    if (a.length > 0 && b.length > 0)
      out.push({ name: conflict.name, reason: conflict.reason, sides: [a, b] });
  }
  return out;
}
