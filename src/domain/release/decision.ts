import type { Exemption } from "../calendar/decide.js";
import type { GateEvaluation } from "../evidence/gates/gate-evaluation.js";
import type { ApprovalStatus } from "./approval.js";
import type { ReleaseState } from "./release-state.js";
import type { TierSuggestion } from "./suggest-tier.js";

/** Stable codes of the reasons a release decision gives; tools match on these, never on message text. */
export const RELEASE_REASON_CODES = [
  // the release's state
  "release-draft",
  "release-not-scheduled",
  "before-scheduled-start",
  "release-running",
  "release-closed",
  // the estate
  "tier-unknown",
  "environment-unknown",
  // the plan
  "plan-errors",
  "rollback-unsafe",
  "tier-differs-from-suggestion",
  // approvals
  "approval-missing",
  "freeze-approval-missing",
  "approvals-voided",
  // evidence gates
  "gate-missing",
  "gate-failed",
  "gate-waived",
  // the calendar (its own codes), per environment
  "freeze-active",
  "runs-into-freeze",
  "outside-maintenance-window",
  "no-maintenance-window",
  "no-window-in-horizon",
  "freeze-exempt",
  "inside-maintenance-window",
  "tier-not-allowed-in-freeze",
  // the schedule
  "release-conflict",
  "lead-time",
  // organization rules and reviews
  "policy-failed",
  "policy-warning",
  "review-overdue",
  // what the run will have to do
  "backup-required",
] as const;
export type ReleaseReasonCode = (typeof RELEASE_REASON_CODES)[number];

/** One reason of a release decision: what it is, whether it blocks, and what would unblock it. */
export interface ReleaseReason {
  readonly code: ReleaseReasonCode;
  readonly blocking: boolean;
  /** A sentence for people. */
  readonly message: string;
  /** What would unblock it (for blocking reasons). */
  readonly unblock?: string;
  /** The environment it is about, when it is about one. */
  readonly environment?: string;
  /** Machine-readable facts: the role and who may approve, the gate and its blockers, the window and next start. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What the calendar says about one environment of the release. */
export interface EnvironmentDecision {
  readonly environment: string;
  /** The calendar allows the start (other reasons may still block). */
  readonly allowed: boolean;
  readonly disruptive: boolean;
  readonly timezone: string;
  readonly localStart: string;
  /** When the calendar blocks: the next start it allows. */
  readonly next?: string;
  readonly nextLocal?: string;
  /** Freezes the tier is exempt from, with the extra approvals they demand. */
  readonly exemptions: readonly Exemption[];
  /** Minutes of maintenance time left from the start (disruptive releases inside a window). */
  readonly windowMinutes?: number;
}

/**
 * May the release start now (at `at`)? `allowed` when no reason blocks; every reason is listed with
 * what would unblock it, and the parts behind them (approvals per role, gates, calendar per environment).
 */
export interface ReleaseDecision {
  readonly release: number;
  readonly state: ReleaseState;
  readonly tier: string;
  /** The instant evaluated (the start asked about). */
  readonly at: string;
  readonly allowed: boolean;
  readonly reasons: readonly ReleaseReason[];
  readonly approvals: readonly ApprovalStatus[];
  readonly gates: readonly (GateEvaluation & { readonly environment?: string })[];
  readonly environments: readonly EnvironmentDecision[];
  readonly suggestedTier: TierSuggestion;
}
