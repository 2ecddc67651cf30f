import { evaluateEstatePolicies, type PolicyContext } from "../domain/policy/index.js";
import type { LifecycleEvent, PolicyVerdict } from "../domain/release/index.js";
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

/**
 * What organization rules are evaluated on: the release and its context (`PolicyContext` of
 * `domain/policy`: estate, release, tier, environments decided, start, approvals, evidence gates).
 */
export type ReleasePolicyInput = PolicyContext;

/**
 * Evaluates the organization's rules (policy as code) for a release decision. Must be pure and fast:
 * it runs on every decision.
 */
export interface ReleasePolicyEvaluator {
  evaluate(input: ReleasePolicyInput): readonly PolicyVerdict[];
}

/** No rules. */
export const NO_POLICIES: ReleasePolicyEvaluator = { evaluate: () => [] };

/**
 * The rules declared in the estate decided with (`policies:`), compiled once per estate revision: a
 * reload brings a new estate object, and with it the new rules. The server's default.
 */
export const ESTATE_POLICIES: ReleasePolicyEvaluator = { evaluate: evaluateEstatePolicies };
