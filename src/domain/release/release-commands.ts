import type { RoleMapping } from "../estate/role-mapping.js";
import type { Tier } from "../estate/tier.js";
import {
  approvalRequirements,
  evaluateApprovals,
  quorumMet,
  type ApprovalDecision,
  type ApprovalRecord,
  type NewApproval,
} from "./approval.js";
import type { ReleaseDecision } from "./decision.js";
import { mayAct, refusal, type Actor, type Refusal, type ReleaseAction } from "./lifecycle.js";
import { planHash, type PlanDocument } from "./plan-document.js";
import type { AddonsRevision, Release, ReviewOutcome, RollbackIntent } from "./release.js";
import type { ReleaseState, RunOutcome } from "./release-state.js";
import { reviewDueAt } from "./review.js";
import { separationOfDutiesExclusion } from "./separation-of-duties.js";

// The lifecycle's commands as pure functions: each takes the release (and what the rule needs), checks
// the transition table, and returns the new release and what to record, or a refusal. The services
// load, lock and persist; the property tests drive these functions directly.

/** A state change, as the lifecycle history and the audit trail record it. */
export interface Transition {
  readonly action: ReleaseAction;
  readonly from: ReleaseState;
  readonly to: ReleaseState;
}

/** A command's result: the changed release and what else to record, or why it was refused. */
export type Outcome<T> = ({ readonly ok: true; readonly release: Release } & T) | Refusal;

function touch(release: Release, at: Date, changes: Partial<Release>): Release {
  return { ...release, ...changes, version: release.version + 1, updatedAt: at.toISOString() };
}

function moved(action: ReleaseAction, from: Release, to: Release): Transition | undefined {
  return from.state === to.state ? undefined : { action, from: from.state, to: to.state };
}

/** `submit`: draft → submitted; the lead time counts from now. */
export function submitRelease(
  release: Release,
  actor: Actor,
  at: Date,
): Outcome<{ readonly transition: Transition }> {
  const refused = mayAct("submit", release, actor);
  if (refused) return refused;
  const next = touch(release, at, { state: "submitted", submittedAt: at.toISOString() });
  return { ok: true, release: next, transition: { action: "submit", from: release.state, to: next.state } };
}

/** `cancel`: withdraws a release that has not run; final. */
export function cancelRelease(
  release: Release,
  actor: Actor,
  at: Date,
): Outcome<{ readonly transition: Transition }> {
  const refused = mayAct("cancel", release, actor);
  if (refused) return refused;
  const next = touch(release, at, { state: "cancelled", scheduledStart: undefined });
  return { ok: true, release: next, transition: { action: "cancel", from: release.state, to: next.state } };
}

/** The roles whose holders approve releases of the tier: its approval roles, then `extraRoles`. */
export function approverRoles(
  tier: Pick<Tier, "approvals"> | undefined,
  extraRoles: readonly string[] = [],
): string[] {
  return [...new Set([...(tier?.approvals ?? []).map((a) => a.role), ...extraRoles])];
}

/** What an approver sends: the plan hash and image digest they reviewed, and optionally the role. */
export interface ApprovalInput {
  readonly planHash: string;
  readonly imageDigest: string;
  /** @default the first of the tier's roles the approver holds that still lacks approvals */
  readonly role?: string;
  /** @default "" */
  readonly comment?: string;
}

/** Arguments of {@link recordApproval}. */
export interface RecordApprovalArgs {
  readonly release: Release;
  /** Every approval of the release so far (voided ones included). */
  readonly approvals: readonly ApprovalRecord[];
  readonly tier: Tier | undefined;
  readonly actor: Actor;
  readonly decision: ApprovalDecision;
  readonly input: ApprovalInput;
  readonly people: RoleMapping;
  /** Roles that freezes on the release's environments demand of exempt tiers. @default [] */
  readonly extraRoles?: readonly string[];
  readonly at: Date;
}

/**
 * `approve` / `reject`: records one person's vote in one role, bound to the plan hash and image digest
 * they sent, which must be the release's current ones. Refused for people separation of duties excludes
 * and for a second active vote by the same person. An approval completing the tier's quorum moves a
 * submitted release to approved; a rejection ends the release.
 */
export function recordApproval(
  args: RecordApprovalArgs,
): Outcome<{ readonly approval: NewApproval; readonly transition?: Transition }> {
  const { release, tier, actor, input, at } = args;
  const action = args.decision === "approve" ? "approve" : "reject";
  const roles = approverRoles(tier, args.extraRoles);
  const refused = mayAct(action, release, actor, roles);
  if (refused) return refused;
  if (input.planHash !== release.planHash || input.imageDigest !== release.imageDigest) {
    const what =
      input.planHash !== release.planHash
        ? `plan ${input.planHash.slice(0, 12)}…, it is now ${release.planHash.slice(0, 12)}…`
        : `image ${input.imageDigest}, it is now ${release.imageDigest}`;
    return refusal(
      "conflict",
      `release ${release.id} changed since you reviewed it (you reviewed ${what}): review it again and send its current plan hash and image digest`,
    );
  }
  const sod = tier?.separationOfDuties ?? { requesterCannotApprove: true, authorsCannotApprove: false };
  const excluded = separationOfDutiesExclusion(actor.user, release, sod, args.people);
  if (excluded !== undefined) {
    return refusal(
      "separation-of-duties",
      `${actor.user} cannot ${action} release ${release.id}: ${actor.user} ${excluded} (separation of duties in tier ${release.tier})`,
    );
  }
  const mine = args.approvals.find((a) => a.approver === actor.user && a.voidedAt === undefined);
  if (mine) {
    return refusal(
      "conflict",
      `${actor.user} already ${mine.decision === "approve" ? "approved" : "rejected"} release ${release.id} as ${mine.role} at ${mine.createdAt}`,
    );
  }
  const held = roles.filter((r) => (actor.roles as readonly string[]).includes(r));
  let role: string;
  if (input.role !== undefined) {
    if (!roles.includes(input.role)) {
      return refusal(
        "bad-request",
        `role ${input.role} does not approve ${release.tier} releases; the roles are ${roles.join(", ")}`,
      );
    }
    if (!held.includes(input.role)) {
      return refusal("forbidden", `${actor.user} does not hold the role ${input.role}`, {
        neededRoles: [input.role],
      });
    }
    role = input.role;
  } else {
    const statuses = evaluateApprovals({
      requirements: approvalRequirements(tier),
      approvals: args.approvals,
      release,
      tier,
      people: args.people,
    });
    const short = statuses.find((s) => s.missing > 0 && held.includes(s.role));
    role = short?.role ?? (held[0] as string);
  }
  const approval: NewApproval = {
    releaseId: release.id,
    approver: actor.user,
    role,
    decision: args.decision,
    comment: input.comment ?? "",
    planHash: release.planHash,
    imageDigest: release.imageDigest,
    createdAt: at.toISOString(),
  };
  if (args.decision === "reject") {
    const next = touch(release, at, { state: "rejected", scheduledStart: undefined });
    return { ok: true, release: next, approval, transition: { action, from: release.state, to: next.state } };
  }
  if (release.state !== "submitted") return { ok: true, release, approval };
  const after = evaluateApprovals({
    requirements: approvalRequirements(tier),
    approvals: [...args.approvals, { ...approval, id: Number.MAX_SAFE_INTEGER }],
    release,
    tier,
    people: args.people,
  });
  if (!tier || !quorumMet(after)) return { ok: true, release, approval };
  const next = touch(release, at, { state: "approved", approvedAt: at.toISOString() });
  return { ok: true, release: next, approval, transition: { action, from: release.state, to: next.state } };
}

/** What a change may touch. Content changes (plan, image, addons, authors, tier) void approvals. */
export interface ReleasePatch {
  readonly plan?: PlanDocument;
  readonly imageDigest?: string;
  readonly addons?: readonly AddonsRevision[];
  readonly authors?: readonly string[];
  readonly tier?: string;
  readonly summary?: string;
  readonly rollbackIntent?: RollbackIntent;
  /** `null` clears it. */
  readonly requestedStart?: string | null;
  readonly duration?: string;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `edit`: applies a patch. A change of plan, image digest, addons, authors or tier voids every active
 * approval (they were given to something else) and sends an approved or scheduled release back to
 * submitted; a new duration unschedules a scheduled release (its slot was checked for the old one).
 */
export function changeRelease(args: {
  readonly release: Release;
  readonly approvals: readonly ApprovalRecord[];
  readonly actor: Actor;
  readonly patch: ReleasePatch;
  readonly at: Date;
}): Outcome<{
  readonly voided: readonly number[];
  readonly changed: readonly string[];
  readonly transition?: Transition;
}> {
  const { release, patch, at } = args;
  const refused = mayAct("edit", release, args.actor);
  if (refused) return refused;
  const changes: { -readonly [K in keyof Release]?: Release[K] } = {};
  const changed: string[] = [];
  const contentChanged: string[] = [];
  if (patch.plan !== undefined) {
    const hash = planHash(patch.plan);
    if (hash !== release.planHash) {
      Object.assign(changes, { plan: patch.plan, planHash: hash });
      contentChanged.push("plan");
    }
  }
  if (patch.imageDigest !== undefined && patch.imageDigest !== release.imageDigest) {
    changes.imageDigest = patch.imageDigest;
    contentChanged.push("imageDigest");
  }
  if (patch.addons !== undefined && !sameList(patch.addons, release.addons)) {
    changes.addons = patch.addons;
    contentChanged.push("addons");
  }
  if (patch.authors !== undefined && !sameList(patch.authors, release.authors)) {
    changes.authors = patch.authors;
    contentChanged.push("authors");
  }
  if (patch.tier !== undefined && patch.tier !== release.tier) {
    changes.tier = patch.tier;
    contentChanged.push("tier");
  }
  changed.push(...contentChanged);
  if (patch.summary !== undefined && patch.summary !== release.summary) {
    changes.summary = patch.summary;
    changed.push("summary");
  }
  if (
    patch.rollbackIntent !== undefined &&
    JSON.stringify(patch.rollbackIntent) !== JSON.stringify(release.rollbackIntent)
  ) {
    changes.rollbackIntent = patch.rollbackIntent;
    changed.push("rollbackIntent");
  }
  if (patch.requestedStart !== undefined && (patch.requestedStart ?? undefined) !== release.requestedStart) {
    changes.requestedStart = patch.requestedStart ?? undefined;
    changed.push("requestedStart");
  }
  const durationChanged = patch.duration !== undefined && patch.duration !== release.duration;
  if (durationChanged) {
    changes.duration = patch.duration;
    changed.push("duration");
  }
  if (changed.length === 0) return { ok: true, release, voided: [], changed };
  const voided =
    contentChanged.length > 0 ? args.approvals.filter((a) => a.voidedAt === undefined).map((a) => a.id) : [];
  if (contentChanged.length > 0 && (release.state === "approved" || release.state === "scheduled")) {
    Object.assign(changes, { state: "submitted", approvedAt: undefined, scheduledStart: undefined });
  } else if (durationChanged && release.state === "scheduled") {
    Object.assign(changes, { state: "approved", scheduledStart: undefined });
  }
  const next = touch(release, at, changes);
  const transition = moved("edit", release, next);
  return { ok: true, release: next, voided, changed, ...(transition ? { transition } : {}) };
}

/**
 * `schedule`: sets the start, refused unless the decision for the release scheduled at that start
 * allows it (`decide` answers for the candidate, evaluated at `start`).
 */
export function scheduleRelease(args: {
  readonly release: Release;
  readonly actor: Actor;
  readonly start: Date;
  readonly at: Date;
  readonly decide: (candidate: Release) => ReleaseDecision;
}): Outcome<{ readonly transition: Transition; readonly decision: ReleaseDecision }> {
  const { release, start, at } = args;
  const refused = mayAct("schedule", release, args.actor);
  if (refused) return refused;
  if (start.getTime() < at.getTime() - 60_000) {
    return refusal(
      "bad-request",
      `the start ${start.toISOString()} is in the past (now ${at.toISOString()})`,
    );
  }
  const candidate: Release = { ...release, state: "scheduled", scheduledStart: start.toISOString() };
  const decision = args.decide(candidate);
  if (!decision.allowed) {
    const blocking = decision.reasons.filter((r) => r.blocking);
    return refusal(
      "release-blocked",
      `release ${release.id} cannot be scheduled at ${start.toISOString()}: ${blocking.map((r) => r.message).join("; ")}`,
      { decision },
    );
  }
  const next = touch(release, at, { state: "scheduled", scheduledStart: start.toISOString() });
  return {
    ok: true,
    release: next,
    decision,
    transition: { action: "schedule", from: release.state, to: next.state },
  };
}

/** `start`: scheduled → running, refused unless `decision` (for this release, now) allows it. */
export function startRelease(args: {
  readonly release: Release;
  readonly actor: Actor;
  readonly decision: ReleaseDecision;
  readonly at: Date;
}): Outcome<{ readonly transition: Transition }> {
  const { release, decision, at } = args;
  const refused = mayAct("start", release, args.actor);
  if (refused) return refused;
  if (decision.release !== release.id || !decision.allowed) {
    const blocking = decision.reasons.filter((r) => r.blocking);
    return refusal(
      "release-blocked",
      `release ${release.id} may not start now: ${blocking.map((r) => r.message).join("; ") || "the decision is not for this release"}`,
      { decision },
    );
  }
  const next = touch(release, at, { state: "running", startedAt: at.toISOString() });
  return { ok: true, release: next, transition: { action: "start", from: release.state, to: next.state } };
}

/** `complete`: running → its outcome; the post-implementation review falls due when the tier demands one. */
export function completeRelease(args: {
  readonly release: Release;
  readonly actor: Actor;
  readonly outcome: RunOutcome;
  readonly tier: Tier | undefined;
  readonly at: Date;
}): Outcome<{ readonly transition: Transition }> {
  const { release, at } = args;
  const refused = mayAct("complete", release, args.actor);
  if (refused) return refused;
  const due = reviewDueAt(args.tier, at);
  const next = touch(release, at, {
    state: args.outcome,
    completedAt: at.toISOString(),
    ...(due ? { review: { dueAt: due.toISOString() } } : {}),
  });
  return { ok: true, release: next, transition: { action: "complete", from: release.state, to: next.state } };
}

/** `review`: files the post-implementation review that the release's tier demanded. */
export function fileReview(args: {
  readonly release: Release;
  readonly actor: Actor;
  readonly outcome: ReviewOutcome;
  readonly notes: string;
  readonly at: Date;
}): Outcome<Record<never, never>> {
  const { release, at } = args;
  const refused = mayAct("review", release, args.actor);
  if (refused) return refused;
  if (!release.review) {
    return refusal(
      "conflict",
      `release ${release.id} has no post-implementation review due (its tier demands none)`,
    );
  }
  if (release.review.filedAt) {
    return refusal(
      "conflict",
      `the review of release ${release.id} was already filed by ${release.review.filedBy} at ${release.review.filedAt}`,
    );
  }
  const next = touch(release, at, {
    review: {
      dueAt: release.review.dueAt,
      filedAt: at.toISOString(),
      filedBy: args.actor.user,
      outcome: args.outcome,
      notes: args.notes,
    },
  });
  return { ok: true, release: next };
}
