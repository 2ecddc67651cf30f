/**
 * The outcome of one organization rule (policy as code) for a release: the seam through which the
 * policy engine's results (`evaluatePolicies` of `domain/policy`) reach {@link decideRelease}. A failing
 * rule blocks with its message, or only warns when its severity is `warn`.
 */
export interface PolicyVerdict {
  /** The rule's name in the estate. */
  readonly policy: string;
  readonly passed: boolean;
  /** The rule's message, shown when it fails. */
  readonly message: string;
  /** What would make it pass, when the rule says. */
  readonly unblock?: string;
  /** The environment the rule was evaluated for, when it is about one. */
  readonly environment?: string;
  /** What a failure does: `block` the decision or only `warn`. @default block */
  readonly severity?: "block" | "warn";
  /** Set when the rule could not be evaluated (it then fails): the CEL error. */
  readonly error?: string;
}
