import type { EnvironmentView } from "../estate/queries.js";
import type { PolicyVerdict } from "../release/policy-verdict.js";
import type { PolicyActivation, PolicyInput } from "./build-policy-input.js";
import type { CompiledPolicy, MessageTemplate } from "./compile-policies.js";
import type { PolicyScope } from "./policy-spec.js";

function inScope(scope: PolicyScope | undefined, view: EnvironmentView, tier: string): boolean {
  if (!scope) return true;
  if (scope.tenants && !scope.tenants.includes(view.tenant.name)) return false;
  if (scope.environments && !scope.environments.includes(view.id)) return false;
  if (scope.kinds && !(scope.kinds as readonly string[]).includes(view.environment.kind)) return false;
  if (scope.regions && !scope.regions.includes(view.tenant.region)) return false;
  if (scope.tiers && !scope.tiers.includes(tier)) return false;
  return true;
}

/** A CEL value as message text: lists joined with ", ", maps as `k=v`. */
function show(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(show).join(", ");
  if (value instanceof Map) return [...value].map(([k, v]) => `${show(k)}=${show(v)}`).join(", ");
  if (typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(", ");
  return String(value);
}

function render(template: MessageTemplate, activation: PolicyActivation): string {
  let out = "";
  for (const part of template) {
    if (typeof part === "string") out += part;
    else {
      try {
        out += show(part(activation));
      } catch {
        out += "?";
      }
    }
  }
  return out;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return (e as { summary?: string }).summary ?? e.message;
  return String(e);
}

/**
 * Evaluates compiled policies for every environment of the input, in policy order then environment
 * order. A policy out of scope, or whose `when` is false, passes. A rule that is false fails with its
 * message; a rule that cannot be evaluated (a missing map key, a wrong type) fails too, with a message
 * naming the policy and the error — never an exception. `severity` says whether a failure blocks.
 */
export function evaluatePolicies(policies: readonly CompiledPolicy[], input: PolicyInput): PolicyVerdict[] {
  const verdicts: PolicyVerdict[] = [];
  for (const policy of policies) {
    input.activations.forEach((activation, i) => {
      const view = input.environments[i];
      if (!view || !inScope(policy.scope, view, activation.release.tier)) return;
      const environment = activation.env.id;
      const base = { policy: policy.name, environment, severity: policy.severity };
      if (policy.broken !== undefined) {
        verdicts.push({
          ...base,
          passed: false,
          message: `policy ${policy.name} does not compile (${policy.broken})`,
          unblock: `fix policy ${policy.name} in the estate (orc estate validate)`,
          error: policy.broken,
        });
        return;
      }
      let passed: boolean;
      try {
        const applies = policy.when === undefined || policy.when(activation) === true;
        passed = !applies || policy.rule(activation) === true;
      } catch (e) {
        const error = errorText(e);
        verdicts.push({
          ...base,
          passed: false,
          message: `policy ${policy.name} could not be evaluated: ${error}`,
          unblock: `fix policy ${policy.name} in the estate, e.g. guard the key with has() or \`in\``,
          error,
        });
        return;
      }
      verdicts.push({
        ...base,
        passed,
        message: passed ? "" : render(policy.message, activation),
        ...(!passed && policy.unblock ? { unblock: policy.unblock } : {}),
      });
    });
  }
  return verdicts;
}
