import type { NotificationEvent } from "../estate/tier.js";

/**
 * A lifecycle event of a release, as listeners (notifications, webhooks) receive it: recorded in the
 * transaction of the change, so it exists if and only if the change committed.
 */
export interface LifecycleEvent {
  readonly releaseId: number;
  readonly event: NotificationEvent;
  readonly tier: string;
  readonly environments: readonly string[];
  /** The audit actor: `user:alice (token …)`, or `system`. */
  readonly actor: string;
  /** ISO 8601 instant. */
  readonly at: string;
}
