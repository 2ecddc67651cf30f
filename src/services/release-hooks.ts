import type { Estate, EnvironmentView, Tier } from "../domain/estate/index.js";
import type { LifecycleEvent, PolicyVerdict, Release } from "../domain/release/index.js";
import type { Queryable } from "../store/index.js";

/**
 * Told about every lifecycle event of a release, inside the transaction of the change (so an event exists
 * if and only if the change committed). The seam for notifications: the outbox of outgoing webhooks
 * (`recordNotification(tx, event)`) plugs in here. Must use only `tx`.
 */
export interface LifecycleListener {
  onEvent(tx: Queryable, event: LifecycleEvent): Promise<void>;
}

/** Tells nobody (the default until notifications are wired in). */
export const NO_LIFECYCLE_LISTENER: LifecycleListener = { onEvent: async () => undefined };

/** What organization rules are evaluated on: the release and its context. */
export interface ReleasePolicyInput {
  readonly estate: Estate;
  readonly release: Release;
  readonly tier: Tier | undefined;
  /** The environments decided for. */
  readonly environments: readonly EnvironmentView[];
  /** The start decided for. */
  readonly at: Date;
}

/**
 * Evaluates the organization's rules (policy as code) for a release decision. The seam for the policy
 * engine (`evaluatePolicies(policies, input)` from `domain/policy`); must be pure and fast, it runs on
 * every decision.
 */
export interface ReleasePolicyEvaluator {
  evaluate(input: ReleasePolicyInput): readonly PolicyVerdict[];
}

/** No rules (the default until policy as code is wired in). */
export const NO_POLICIES: ReleasePolicyEvaluator = { evaluate: () => [] };
