import type { PolicyVerdict } from "../release/policy-verdict.js";
import { buildPolicyInput, type PolicyContext } from "./build-policy-input.js";
import { compilePolicies, type CompiledPolicy } from "./compile-policies.js";
import { evaluatePolicies } from "./evaluate-policies.js";
import type { PolicySpec } from "./policy-spec.js";

// One compilation per estate revision: an estate is immutable once loaded, and a reload makes a new
// object, so its policies array is the cache key (and the compiled form goes with the old estate).
const compiled = new WeakMap<readonly PolicySpec[], readonly CompiledPolicy[]>();

/** The estate's policies, compiled once per estate object. */
export function compiledPoliciesOf(estate: {
  readonly policies: readonly PolicySpec[];
}): readonly CompiledPolicy[] {
  let found = compiled.get(estate.policies);
  if (!found) {
    found = compilePolicies(estate.policies);
    compiled.set(estate.policies, found);
  }
  return found;
}

/** Evaluates the policies of `ctx.estate` for a decision. */
export function evaluateEstatePolicies(ctx: PolicyContext): PolicyVerdict[] {
  const policies = compiledPoliciesOf(ctx.estate);
  if (policies.length === 0) return [];
  return evaluatePolicies(policies, buildPolicyInput(ctx));
}
