import { z } from "zod";
import { IsoDuration } from "../calendar/spec.js";
import { ApprovalDecision } from "../release/approval.js";
import { PlanDocument } from "../release/plan-document.js";
import { AddonsRevision, RollbackIntent } from "../release/release.js";
import { ReleaseState } from "../release/release-state.js";

const instant = z.iso.datetime({ offset: true });

/**
 * A release as `orc policy eval` reads it: what `orc release show --json` prints under `release` (or a
 * release being prepared: only tenant, environments, plan, tier and summary are required).
 */
export const PolicyEvalRelease = z.looseObject({
  id: z.int().min(0).default(0),
  version: z.int().min(0).default(0),
  tenant: z.string().min(1).max(100),
  environments: z.array(z.string().min(1).max(200)).min(1).max(20),
  addons: z.array(AddonsRevision).max(100).default([]),
  imageDigest: z.string().max(200).default(""),
  plan: PlanDocument,
  planHash: z.string().max(200).default(""),
  tier: z.string().min(1).max(100),
  summary: z.string().max(2000),
  rollbackIntent: RollbackIntent.default({ strategy: "restore-backup", notes: "" }),
  requestedStart: instant.optional(),
  duration: IsoDuration.default("PT1H"),
  scheduledStart: instant.optional(),
  requester: z.string().max(320).default(""),
  authors: z.array(z.string().max(320)).max(1000).default([]),
  state: ReleaseState.default("draft"),
  createdAt: instant.default("1970-01-01T00:00:00.000Z"),
  updatedAt: instant.default("1970-01-01T00:00:00.000Z"),
  submittedAt: instant.optional(),
  approvedAt: instant.optional(),
  startedAt: instant.optional(),
  completedAt: instant.optional(),
});

const Approval = z.looseObject({
  id: z.int().default(0),
  releaseId: z.int().default(0),
  approver: z.string().min(1),
  role: z.string().min(1),
  decision: ApprovalDecision,
  comment: z.string().default(""),
  planHash: z.string(),
  imageDigest: z.string(),
  createdAt: instant,
  voidedAt: instant.optional(),
  voidReason: z.string().optional(),
});

/**
 * The input of `orc policy eval`: a release (with, optionally, its approvals and the gates it has
 * evidence for) — the output of `orc release show --json` works as it is.
 */
export const PolicyEvalDocument = z.looseObject({
  release: PolicyEvalRelease,
  approvals: z.array(Approval).max(1000).default([]),
  evidenceGates: z.array(z.string().min(1)).max(100).default([]),
});
export type PolicyEvalDocument = z.infer<typeof PolicyEvalDocument>;
