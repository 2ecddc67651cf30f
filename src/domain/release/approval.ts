import { z } from "zod";
import type { Exemption } from "../calendar/decide.js";
import type { RoleMapping } from "../estate/role-mapping.js";
import type { Tier } from "../estate/tier.js";
import type { Release } from "./release.js";
import { separationOfDutiesExclusion } from "./separation-of-duties.js";

/** What an approver decided. */
export const APPROVAL_DECISIONS = ["approve", "reject"] as const;
/** One of {@link APPROVAL_DECISIONS}. */
export const ApprovalDecision = z.enum(APPROVAL_DECISIONS);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/**
 * One person's approval (or rejection) of a release, given in one role and bound to the plan hash and
 * image digest the person saw. A change of either voids it (`voidedAt`); a person has at most one
 * active (not voided) approval per release.
 */
export interface ApprovalRecord {
  readonly id: number;
  readonly releaseId: number;
  readonly approver: string;
  /** The role the approval counts for (a tier's role, or one a freeze demands of an exempt tier). */
  readonly role: string;
  readonly decision: ApprovalDecision;
  readonly comment: string;
  readonly planHash: string;
  readonly imageDigest: string;
  readonly createdAt: string;
  readonly voidedAt?: string;
  readonly voidReason?: string;
}

/** An approval before the store gives it an id. */
export type NewApproval = Omit<ApprovalRecord, "id">;

/**
 * True when an approval counts for the release as it is now: an approval (not a rejection), not voided,
 * and bound to the release's current plan hash and image digest.
 */
export function approvalCounts(
  a: ApprovalRecord,
  release: Pick<Release, "planHash" | "imageDigest">,
): boolean {
  return (
    a.decision === "approve" &&
    a.voidedAt === undefined &&
    a.planHash === release.planHash &&
    a.imageDigest === release.imageDigest
  );
}

/** Approvals a release needs in one role: the tier's, plus the extra ones freezes demand of exempt tiers. */
export interface ApprovalRequirement {
  readonly role: string;
  /** Approvals the tier demands in this role. */
  readonly tierCount: number;
  /**
   * Extra approvals demanded by freezes the release's tier is exempt from: the largest count over those
   * freezes (one approval serves every freeze that asks for the role).
   */
  readonly freezeCount: number;
  /** The freezes asking for it, as `calendar/window`. */
  readonly freezes: readonly string[];
}

/** The approvals a tier demands, plus the extra approvals of the freezes in `exemptions`, one entry per role. */
export function approvalRequirements(
  tier: Pick<Tier, "approvals"> | undefined,
  exemptions: readonly Exemption[] = [],
): ApprovalRequirement[] {
  const byRole = new Map<string, { tierCount: number; freezeCount: number; freezes: string[] }>();
  const entry = (role: string) => {
    let e = byRole.get(role);
    if (!e) byRole.set(role, (e = { tierCount: 0, freezeCount: 0, freezes: [] }));
    return e;
  };
  for (const a of tier?.approvals ?? []) entry(a.role).tierCount += a.count;
  for (const x of exemptions) {
    for (const a of x.approvals) {
      const e = entry(a.role);
      e.freezeCount = Math.max(e.freezeCount, a.count);
      const name = `${x.calendar}/${x.window}`;
      if (!e.freezes.includes(name)) e.freezes.push(name);
    }
  }
  return [...byRole].map(([role, e]) => ({ role, ...e }));
}

/** Where one role's approvals stand. */
export interface ApprovalStatus extends ApprovalRequirement {
  /** `tierCount + freezeCount`. */
  readonly required: number;
  /** People whose counting approval is in this role, in the order they approved. */
  readonly approvedBy: readonly string[];
  readonly missing: number;
  /**
   * People who may still give one: estate users holding the role, without a counting approval of their
   * own yet, and not excluded by separation of duties. Sorted.
   */
  readonly eligible: readonly string[];
  /** Identity-provider groups whose members hold the role (people signing in through SSO). */
  readonly groups: readonly string[];
  /** Holders of the role that separation of duties excludes, and why. */
  readonly excluded: readonly { readonly user: string; readonly reason: string }[];
}

/** Inputs of {@link evaluateApprovals}. */
export interface ApprovalEvaluationInput {
  readonly requirements: readonly ApprovalRequirement[];
  readonly approvals: readonly ApprovalRecord[];
  readonly release: Pick<Release, "planHash" | "imageDigest" | "requester" | "authors">;
  readonly tier: Pick<Tier, "separationOfDuties"> | undefined;
  readonly people: RoleMapping;
}

/**
 * Counts approvals per role: each person counts once (their one active approval, in the role they gave
 * it), voided or stale approvals never count, nor do approvals by people separation of duties excludes.
 */
export function evaluateApprovals(input: ApprovalEvaluationInput): ApprovalStatus[] {
  const { release, tier, people } = input;
  const sod = tier?.separationOfDuties ?? { requesterCannotApprove: true, authorsCannotApprove: false };
  const counting = input.approvals
    .filter((a) => approvalCounts(a, release))
    .filter((a) => separationOfDutiesExclusion(a.approver, release, sod, people) === undefined)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  const approvedSomething = new Set(counting.map((a) => a.approver));
  return input.requirements.map((req) => {
    const approvedBy = [...new Set(counting.filter((a) => a.role === req.role).map((a) => a.approver))];
    const required = req.tierCount + req.freezeCount;
    const holders = people.users.filter((u) => (u.roles as readonly string[]).includes(req.role));
    const excluded: { user: string; reason: string }[] = [];
    const eligible: string[] = [];
    for (const u of holders) {
      const reason = separationOfDutiesExclusion(u.name, release, sod, people);
      if (reason !== undefined) excluded.push({ user: u.name, reason });
      else if (!approvedSomething.has(u.name)) eligible.push(u.name);
    }
    const groups = people.groups
      .filter((g) => (g.roles as readonly string[]).includes(req.role))
      .map((g) => g.group);
    return {
      ...req,
      required,
      approvedBy,
      missing: Math.max(0, required - approvedBy.length),
      eligible: eligible.sort(),
      groups,
      excluded: excluded.sort((a, b) => (a.user < b.user ? -1 : 1)),
    };
  });
}

/** True when every requirement has its approvals. */
export function quorumMet(statuses: readonly ApprovalStatus[]): boolean {
  return statuses.every((s) => s.missing === 0);
}
