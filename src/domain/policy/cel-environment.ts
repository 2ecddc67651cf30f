import { Environment } from "@marcbachmann/cel-js";
import { POLICY_VARIABLES, type PolicyVariable } from "./policy-variables.js";

/**
 * Structural limits on every expression, checked at parse time. CEL has no loops or recursion: with
 * these bounds and inputs of bounded size (macros iterate over the release's lists only), the cost of
 * an evaluation is bounded too.
 */
export const CEL_LIMITS = {
  maxAstNodes: 1000,
  maxDepth: 32,
  maxListElements: 200,
  maxMapEntries: 100,
  maxCallArguments: 8,
} as const;

let shared: Environment | undefined;

/**
 * The CEL environment policies are compiled in: the variables of {@link POLICY_VARIABLES} with their
 * types (so that unknown names and type errors are found at validation time), the standard functions
 * and macros, no custom functions, no I/O. Built once.
 */
export function policyCelEnvironment(): Environment {
  if (shared) return shared;
  const env = new Environment({ limits: CEL_LIMITS, homogeneousAggregateLiterals: false });
  for (const [name, v] of Object.entries(POLICY_VARIABLES) as [string, PolicyVariable][]) {
    if ("type" in v) {
      env.registerVariable({ name, type: v.type, description: v.description });
    } else {
      const schema = Object.fromEntries(Object.entries(v.fields).map(([k, field]) => [k, field.type]));
      env.registerVariable({ name, schema, description: v.description });
    }
  }
  shared = env;
  return env;
}
