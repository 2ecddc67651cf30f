import { approximateSeconds, parseIsoDuration } from "../estate/duration.js";
import type { Tier } from "../estate/tier.js";
import type { Release } from "./release.js";

/** Adds an ISO 8601 duration (days as 24 h) to an instant. */
export function addIsoDuration(at: Date, duration: string): Date {
  const parts = parseIsoDuration(duration);
  if (!parts) throw new Error(`${duration} is not an ISO 8601 duration; it was not validated`);
  return new Date(at.getTime() + approximateSeconds(parts) * 1000);
}

/**
 * When the post-implementation review of a release of `tier` that ended at `completedAt` is due, or
 * undefined when the tier demands none.
 */
export function reviewDueAt(
  tier: Pick<Tier, "postImplementationReview"> | undefined,
  completedAt: Date,
): Date | undefined {
  const within = tier?.postImplementationReview?.within;
  return within === undefined ? undefined : addIsoDuration(completedAt, within);
}

/** True when the release's review is due before `now` and has not been filed. */
export function isReviewOverdue(release: Pick<Release, "review">, now: Date): boolean {
  const r = release.review;
  return r !== undefined && r.filedAt === undefined && Date.parse(r.dueAt) < now.getTime();
}

/** A review that is overdue, as decisions and listings report it. */
export interface OverdueReview {
  readonly releaseId: number;
  readonly tier: string;
  readonly environments: readonly string[];
  readonly dueAt: string;
}
