import { z } from "zod";
import { IsoDuration } from "../calendar/spec.js";
import { PlanDocument } from "./plan-document.js";
import type { ReleaseState } from "./release-state.js";

/** An OCI image digest: `sha256:` and 64 lower-case hex digits. */
export const ImageDigest = z.string().regex(/^sha256:[0-9a-f]{64}$/, {
  error: "an image digest is `sha256:` followed by 64 lower-case hex digits",
});
export type ImageDigest = z.infer<typeof ImageDigest>;

/** One addons source of the release at the revision it deploys (a commit, or a tag or branch as resolved). */
export const AddonsRevision = z.strictObject({
  /** The addons source, as the estate names it (`northwind-retail`) or its repository URL. */
  name: z.string().min(1).max(200),
  /** The revision deployed: a commit id, preferably, or a tag. */
  revision: z.string().min(1).max(200),
});
export type AddonsRevision = z.infer<typeof AddonsRevision>;

/** How a release is undone if it goes wrong. */
export const ROLLBACK_STRATEGIES = ["redeploy-previous", "restore-backup", "forward-fix"] as const;

/**
 * The rollback intent: `redeploy-previous` (the previous image and addons; safe only when no `-u`
 * changed the database), `restore-backup` (the backup taken before the change, then the previous
 * image), or `forward-fix` (a new release), with notes for the people on call.
 */
export const RollbackIntent = z.strictObject({
  strategy: z.enum(ROLLBACK_STRATEGIES),
  /** @default "" */
  notes: z.string().max(4000).default(""),
});
export type RollbackIntent = z.infer<typeof RollbackIntent>;

/** The expected run time of a release on one environment when none is given. */
export const DEFAULT_RELEASE_DURATION = "PT1H";

/** The post-implementation review of a release whose tier demands one. */
export interface ReleaseReview {
  /** When the review is due: the end of the run plus the tier's `postImplementationReview.within`. */
  readonly dueAt: string;
  readonly filedAt?: string;
  readonly filedBy?: string;
  readonly outcome?: ReviewOutcome;
  readonly notes?: string;
}

/** ServiceNow's close codes: the minimum vocabulary of a review's outcome. */
export const REVIEW_OUTCOMES = ["successful", "successful-with-issues", "unsuccessful"] as const;
/** One of {@link REVIEW_OUTCOMES}. */
export const ReviewOutcome = z.enum(REVIEW_OUTCOMES);
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

/**
 * A release: a proposed change (addons revisions and an image) to one tenant's environments, in
 * promotion order, with its plan, tier, schedule and state. Times are ISO 8601 instants in UTC.
 */
export interface Release {
  readonly id: number;
  /** Incremented by every change; clients send it back to change the release (optimistic concurrency). */
  readonly version: number;
  readonly tenant: string;
  /** `tenant/environment` ids along one promotion path, first to last (e.g. staging, then prod). */
  readonly environments: readonly string[];
  readonly addons: readonly AddonsRevision[];
  readonly imageDigest: string;
  readonly plan: PlanDocument;
  /** SHA-256 of the plan's canonical JSON; approvals bind to it and to the image digest. */
  readonly planHash: string;
  readonly tier: string;
  readonly summary: string;
  readonly rollbackIntent: RollbackIntent;
  /** When the requester would like it to start. */
  readonly requestedStart?: string;
  /** Expected run time on each environment (ISO 8601), used for windows and conflicts. */
  readonly duration: string;
  /** When it will start, once scheduled. */
  readonly scheduledStart?: string;
  readonly requester: string;
  /** Authors of the commits the release deploys (user names or e-mail addresses). */
  readonly authors: readonly string[];
  readonly state: ReleaseState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt?: string;
  readonly approvedAt?: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly review?: ReleaseReview;
}

/** What a requester gives to create a release (validated at the boundary). */
export const ReleaseRequest = z.strictObject({
  tenant: z.string().min(1).max(100),
  /** `tenant/environment` or `environment` (in `tenant`), in promotion order. */
  environments: z.array(z.string().min(1).max(200)).min(1).max(20),
  addons: z.array(AddonsRevision).max(100).default([]),
  imageDigest: ImageDigest,
  /** The output of `orc plan --json`. */
  plan: PlanDocument,
  /** @default the suggested tier */
  tier: z.string().min(1).max(100).optional(),
  summary: z.string().min(1).max(2000),
  rollbackIntent: RollbackIntent,
  requestedStart: z.iso.datetime({ offset: true }).optional(),
  /** @default PT1H */
  duration: IsoDuration.optional(),
  /** @default [] */
  authors: z.array(z.string().min(1).max(320)).max(1000).default([]),
});
export type ReleaseRequest = z.infer<typeof ReleaseRequest>;
