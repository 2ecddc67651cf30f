import type { Me, ReleaseDecision, ReleaseRecord, Role } from "../api/types.js";

const VOTABLE = new Set(["submitted", "approved", "scheduled"]);

interface VoteRule {
  /** The tier's (and freezes') approval roles the person holds. */
  readonly roles: readonly string[];
  /** Why the buttons are disabled, when they are. */
  readonly blockedBecause?: string;
}

/**
 * Whether `me` may vote on the release, and why not: the roles come from the decision's approval
 * statuses; separation of duties from their `excluded` lists (the server's own reasons). Admin is no
 * stand-in for an approver, as on the server.
 */
export function voteRule(me: Me, record: ReleaseRecord, decision: ReleaseDecision): VoteRule {
  const roles = decision.approvals.map((a) => a.role).filter((r) => me.roles.includes(r as Role));
  if (roles.length === 0) return { roles };
  const excluded = decision.approvals.flatMap((a) => a.excluded).find((x) => x.user === me.user);
  if (excluded)
    return {
      roles,
      blockedBecause: `Separation of duties: you cannot approve this release — ${excluded.reason}.`,
    };
  if (record.release.requester === me.user) {
    return {
      roles,
      blockedBecause: "Separation of duties: you requested this release, so someone else must approve it.",
    };
  }
  const state = record.release.state;
  if (!VOTABLE.has(state)) return { roles, blockedBecause: `The release is ${state}: votes are closed.` };
  const mine = record.approvals.find((v) => v.approver === me.user && !v.voidedAt);
  if (mine) return { roles, blockedBecause: `You already voted (${mine.decision} as ${mine.role}).` };
  return { roles };
}
