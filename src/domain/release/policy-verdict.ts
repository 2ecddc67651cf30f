/**
 * The outcome of one organization rule (policy as code) for a release: the seam through which the
 * policy engine's results reach {@link decideRelease}. A failing rule blocks with its message. Until the
 * policy engine is merged, releases are decided with an empty list.
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
}
