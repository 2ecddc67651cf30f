import { didYouMean } from "../estate/did-you-mean.js";
import type { FieldPath } from "../estate/field-path.js";
import { isRecord } from "../estate/raw-value.js";
import { DEFAULT_TIERS } from "../estate/tier.js";
import { checkPolicyExpressions, type PolicyProblemCode } from "./compile-policies.js";

/**
 * A problem in the estate's `policies` section: at a field path and, for an expression, at a character
 * offset inside that field's text (the estate places it at its line and column in the file).
 */
export interface PolicySectionProblem {
  readonly code: PolicyProblemCode | "duplicate-name" | "dangling-reference";
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint?: string;
  readonly path: FieldPath;
  /** 0-based offset in the text of the string at `path`. */
  readonly offset?: number;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function names(items: unknown, key = "name"): Set<string> {
  const out = new Set<string>();
  for (const item of list(items)) {
    if (isRecord(item) && typeof item[key] === "string") out.add(item[key]);
  }
  return out;
}

/**
 * Checks the `policies` section of a parsed (not necessarily valid) estate: every expression is parsed
 * and type-checked against the policy input (syntax errors, unknown variables and fields with "did you
 * mean", non-boolean rules, expressions above the limits), names are unique, and scopes name tenants,
 * environments, regions and tiers that exist. Shape problems are the schema's; wrong types are skipped.
 */
export function checkPolicySection(data: unknown): PolicySectionProblem[] {
  if (!isRecord(data)) return [];
  const policies = list(data.policies);
  if (policies.length === 0) return [];
  const problems: PolicySectionProblem[] = [];
  const tenants = names(data.tenants);
  const environments = new Set<string>();
  for (const t of list(data.tenants)) {
    if (!isRecord(t) || typeof t.name !== "string") continue;
    for (const e of names(t.environments)) environments.add(`${t.name}/${e}`);
  }
  const regions = names(data.regions);
  const tiers = Array.isArray(data.tiers) ? names(data.tiers) : new Set(DEFAULT_TIERS.map((t) => t.name));
  const known: Record<string, Set<string>> = { tenants, environments, regions, tiers };
  const firstAt = new Map<string, number>();

  policies.forEach((policy, i) => {
    if (!isRecord(policy)) return;
    const base: FieldPath = ["policies", i];
    if (typeof policy.name === "string") {
      const earlier = firstAt.get(policy.name);
      if (earlier === undefined) firstAt.set(policy.name, i);
      else
        problems.push({
          code: "duplicate-name",
          severity: "error",
          message: `duplicate policy name \`${policy.name}\` (first declared at policies[${earlier}])`,
          hint: "each policy name must be unique; rename or remove one",
          path: [...base, "name"],
        });
    }
    for (const p of checkPolicyExpressions(policy)) {
      problems.push({
        code: p.code,
        severity: "error",
        message: p.message,
        ...(p.hint ? { hint: p.hint } : {}),
        path: [...base, p.field],
        offset: p.offset,
      });
    }
    const scope = policy.scope;
    if (!isRecord(scope)) return;
    for (const [key, set] of Object.entries(known)) {
      list(scope[key]).forEach((value, j) => {
        if (typeof value !== "string" || set.has(value)) return;
        problems.push({
          code: "dangling-reference",
          severity: "error",
          message: `policy scope names unknown ${key.replace(/s$/, "")} \`${value}\``,
          hint: didYouMean(value, set) ?? `declare it, or remove it from the scope`,
          path: [...base, "scope", key, j],
        });
      });
    }
  });
  return problems;
}
