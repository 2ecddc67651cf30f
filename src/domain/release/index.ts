// Release governance: the release model and lifecycle, approvals with quorums and separation of duties,
// tier rules, the suggested tier, post-implementation reviews, and the decision combining every rule.
// Pure: no I/O, no clock.

export {
  RELEASE_STATES,
  ReleaseState,
  RUN_OUTCOMES,
  RunOutcome,
  OPEN_STATES,
  FINAL_STATES,
  isFinal,
} from "./release-state.js";
export {
  ReleaseRequest,
  ImageDigest,
  AddonsRevision,
  RollbackIntent,
  ROLLBACK_STRATEGIES,
  REVIEW_OUTCOMES,
  ReviewOutcome,
  DEFAULT_RELEASE_DURATION,
  type ReleaseReview,
  type Release,
} from "./release.js";
export {
  PlanDocument,
  planHash,
  isDisruptivePlan,
  isDisruptiveStrategy,
  upgradedModules,
} from "./plan-document.js";
export {
  APPROVAL_DECISIONS,
  ApprovalDecision,
  approvalCounts,
  approvalRequirements,
  evaluateApprovals,
  quorumMet,
  type ApprovalRecord,
  type NewApproval,
  type ApprovalRequirement,
  type ApprovalStatus,
} from "./approval.js";
export { separationOfDutiesExclusion, isAuthor } from "./separation-of-duties.js";
export {
  RELEASE_ACTIONS,
  LIFECYCLE,
  mayAct,
  refusal,
  type ReleaseAction,
  type Party,
  type ActionRule,
  type Actor,
  type Refusal,
} from "./lifecycle.js";
export {
  submitRelease,
  cancelRelease,
  recordApproval,
  changeRelease,
  scheduleRelease,
  startRelease,
  completeRelease,
  fileReview,
  approverRoles,
  type Transition,
  type Outcome,
  type ApprovalInput,
  type RecordApprovalArgs,
  type ReleasePatch,
} from "./release-commands.js";
export { suggestTier, type TierSuggestion } from "./suggest-tier.js";
export { freezeApprovalRoles } from "./freeze-approval-roles.js";
export { reviewDueAt, isReviewOverdue, addIsoDuration, type OverdueReview } from "./review.js";
export type { PolicyVerdict } from "./policy-verdict.js";
export type { LifecycleEvent } from "./lifecycle-event.js";
export {
  RELEASE_REASON_CODES,
  type ReleaseReasonCode,
  type ReleaseReason,
  type ReleaseDecision,
  type EnvironmentDecision,
} from "./decision.js";
export {
  decideRelease,
  requiredGates,
  isDisruptive,
  type ReleaseDecisionInput,
  type ScheduledReleaseRef,
} from "./decide-release.js";
