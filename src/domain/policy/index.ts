// Policy as code: organization rules declared in the estate (`policies:`) as CEL expressions, compiled
// once per estate revision and evaluated per release decision on facts computed in TypeScript. Pure.

export {
  PolicySpec,
  PolicyScope,
  PolicySeverity,
  POLICY_SEVERITIES,
  MAX_EXPRESSION_LENGTH,
  MAX_POLICIES,
} from "./policy-spec.js";
export {
  POLICY_VARIABLES,
  policyNames,
  policyVariablesTable,
  type PolicyVariable,
  type PolicyField,
  type CelFieldType,
  type PolicyVariableName,
} from "./policy-variables.js";
export { CEL_LIMITS, policyCelEnvironment } from "./cel-environment.js";
export {
  compilePolicy,
  compilePolicies,
  checkPolicyExpressions,
  type CompiledPolicy,
  type MessageTemplate,
  type PolicyExpressionField,
  type PolicyExpressionProblem,
  type PolicyProblemCode,
} from "./compile-policies.js";
export {
  buildPolicyInput,
  FREEZE_LOOKAHEAD_DAYS,
  type PolicyContext,
  type PolicyInput,
  type PolicyActivation,
  type ReleaseFacts,
  type TierFacts,
  type EnvironmentFacts,
  type CalendarFacts,
} from "./build-policy-input.js";
export { evaluatePolicies } from "./evaluate-policies.js";
export { checkPolicySection, type PolicySectionProblem } from "./check-policy-section.js";
export { compiledPoliciesOf, evaluateEstatePolicies } from "./estate-policies.js";
export {
  testPolicies,
  decisionTimeOf,
  listReleaseIds,
  type PastRelease,
  type PolicyTestReport,
  type PolicyTestRule,
  type PolicyTestFailure,
} from "./policy-dry-run.js";
export { PolicyEvalDocument, PolicyEvalRelease } from "./policy-eval-document.js";
