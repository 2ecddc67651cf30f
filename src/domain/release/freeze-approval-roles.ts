import { scopeMatches } from "../calendar/expand.js";
import type { Estate } from "../estate/estate.js";
import { calendarContext, findEnvironment } from "../estate/queries.js";
import type { Release } from "./release.js";

/**
 * Roles that freezes on the release's environments demand of its tier when they exempt it: their
 * holders may approve the release besides the tier's own approvers (the decision says when those
 * approvals are needed). Sorted, without duplicates.
 */
export function freezeApprovalRoles(
  estate: Estate,
  release: Pick<Release, "tier" | "environments">,
): string[] {
  const roles = new Set<string>();
  const calendars = new Map(estate.calendars.map((c) => [c.name, c]));
  for (const id of release.environments) {
    const view = findEnvironment(estate, id);
    if (!view) continue;
    const context = calendarContext(view);
    for (const name of context.calendars) {
      for (const w of calendars.get(name)?.windows ?? []) {
        if (w.kind !== "freeze" || !w.exemptTiers?.includes(release.tier)) continue;
        if (!scopeMatches(w.scope, context)) continue;
        for (const a of w.exemptApprovals ?? []) roles.add(a.role);
      }
    }
  }
  return [...roles].sort();
}
