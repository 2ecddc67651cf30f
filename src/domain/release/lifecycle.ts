import type { Role } from "../estate/roles.js";
import type { ReleaseDecision } from "./decision.js";
import type { Release } from "./release.js";
import type { ReleaseState } from "./release-state.js";

/** What can be done to a release. */
export const RELEASE_ACTIONS = [
  "edit",
  "submit",
  "approve",
  "reject",
  "cancel",
  "schedule",
  "start",
  "complete",
  "review",
] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

/**
 * Who may take an action, besides `admin`: the release's `requester`, any `release-manager`, a
 * `tier-approver` (someone holding a role the tier's approvals, or an exempting freeze, name — `admin`
 * does not count, approvals need the role itself), or the `engine` (admin and the system only, until the
 * execution engine drives the running states).
 */
export type Party = "requester" | "release-manager" | "tier-approver" | "engine";

/** One row of the transition table. */
export interface ActionRule {
  /** States the action is allowed in. */
  readonly from: readonly ReleaseState[];
  /** States it may lead to (empty: the state does not change). */
  readonly to: readonly ReleaseState[];
  readonly parties: readonly Party[];
  readonly description: string;
}

/**
 * The release lifecycle: who may do what, from which state, to which state. The single source of the
 * rules; the services, the API documentation and the property tests read it.
 */
export const LIFECYCLE: Readonly<Record<ReleaseAction, ActionRule>> = {
  edit: {
    from: ["draft", "submitted", "approved", "scheduled"],
    to: ["submitted", "approved"],
    parties: ["requester", "release-manager"],
    description:
      "change the plan, image, addons, authors or tier (voids approvals: back to submitted) or the schedule, duration, summary or rollback intent",
  },
  submit: {
    from: ["draft"],
    to: ["submitted"],
    parties: ["requester", "release-manager"],
    description: "ask for approval; the lead time counts from here",
  },
  approve: {
    from: ["submitted", "approved", "scheduled"],
    to: ["approved"],
    parties: ["tier-approver"],
    description:
      "approve in one of the tier's roles (or a role a freeze demands); the release is approved when the tier's quorum is met",
  },
  reject: {
    from: ["submitted", "approved", "scheduled"],
    to: ["rejected"],
    parties: ["tier-approver"],
    description: "reject; final",
  },
  cancel: {
    from: ["draft", "submitted", "approved", "scheduled"],
    to: ["cancelled"],
    parties: ["requester", "release-manager"],
    description: "withdraw the release; final",
  },
  schedule: {
    from: ["approved", "scheduled"],
    to: ["scheduled"],
    parties: ["requester", "release-manager"],
    description: "set the start; refused unless the decision at that start is allowed",
  },
  start: {
    from: ["scheduled"],
    to: ["running"],
    parties: ["engine"],
    description: "begin the run; refused unless the decision now is allowed",
  },
  complete: {
    from: ["running"],
    to: ["succeeded", "failed", "rolled-back"],
    parties: ["engine"],
    description: "record how the run ended; a post-implementation review falls due when the tier demands one",
  },
  review: {
    from: ["succeeded", "failed", "rolled-back"],
    to: [],
    parties: ["requester", "release-manager"],
    description: "file the post-implementation review",
  },
};

/** Who is acting: a principal's user and roles. */
export interface Actor {
  readonly user: string;
  readonly roles: readonly Role[];
}

/** Why an action is refused, with a stable code. */
export interface Refusal {
  readonly ok: false;
  readonly code:
    | "invalid-transition"
    | "forbidden"
    | "separation-of-duties"
    | "conflict"
    | "release-blocked"
    | "bad-request";
  readonly message: string;
  /** For `forbidden`: the roles that would do. */
  readonly neededRoles?: readonly string[];
  /** For `release-blocked`: the decision that blocks, with every reason. */
  readonly decision?: ReleaseDecision;
}

/** Builds a refusal. */
export function refusal(
  code: Refusal["code"],
  message: string,
  extra: { readonly neededRoles?: readonly string[]; readonly decision?: ReleaseDecision } = {},
): Refusal {
  return { ok: false, code, message, ...extra };
}

function stateList(states: readonly ReleaseState[]): string {
  return states.length === 1
    ? (states[0] as string)
    : `${states.slice(0, -1).join(", ")} or ${states.at(-1)}`;
}

/**
 * Whether `actor` may take `action` on the release now: the state must allow it and the actor must be
 * one of the action's parties. `approverRoles` are the roles whose holders are tier approvers (the
 * tier's approval roles and the roles exempting freezes demand). Undefined when allowed.
 */
export function mayAct(
  action: ReleaseAction,
  release: Pick<Release, "id" | "state" | "requester" | "tier">,
  actor: Actor,
  approverRoles: readonly string[] = [],
): Refusal | undefined {
  const rule = LIFECYCLE[action];
  if (!rule.from.includes(release.state)) {
    return refusal(
      "invalid-transition",
      `release ${release.id} is ${release.state}; ${action} needs it to be ${stateList(rule.from)}`,
    );
  }
  const isAdmin = actor.roles.includes("admin");
  const held = (role: string) => (actor.roles as readonly string[]).includes(role);
  if (rule.parties.includes("tier-approver")) {
    if (approverRoles.some(held)) return undefined;
    const roles = [...new Set(approverRoles)];
    return refusal(
      "forbidden",
      roles.length === 0
        ? `tier ${release.tier} names no approval role, so nobody can ${action} release ${release.id}`
        : `to ${action} a ${release.tier} release you need one of the roles ${roles.join(", ")}; ${actor.user} has ${actor.roles.join(", ") || "none"}`,
      { neededRoles: roles },
    );
  }
  if (isAdmin) return undefined;
  if (rule.parties.includes("requester") && actor.user === release.requester) return undefined;
  if (rule.parties.includes("release-manager") && held("release-manager")) return undefined;
  const needed: string[] = rule.parties.includes("release-manager")
    ? ["release-manager", "admin"]
    : ["admin"];
  const who = rule.parties.includes("requester") ? `the requester (${release.requester}) or ` : "";
  return refusal(
    "forbidden",
    `to ${action} release ${release.id} you must be ${who}hold one of the roles ${needed.join(", ")}; ${actor.user} has ${actor.roles.join(", ") || "none"}`,
    { neededRoles: needed },
  );
}
