import { z } from "zod";
import { list, positiveId } from "./schemas.js";
import { IsoDuration } from "../../domain/calendar/index.js";
import { EvidenceGate, ROLES } from "../../domain/estate/index.js";
import { EvidenceType, WaivableGate } from "../../domain/evidence/index.js";
import { UserName } from "../../domain/estate/index.js";
import {
  AddonsRevision,
  ImageDigest,
  PlanDocument,
  RELEASE_REASON_CODES,
  ReleaseRequest,
  ReleaseState,
  ReviewOutcome,
  RollbackIntent,
  RunOutcome,
} from "../../domain/release/index.js";
import { defineRoute, reply } from "../route.js";

// Release governance: releases and their lifecycle, votes, evidence, waivers, decisions and reviews.
// Roles are checked here (coarsely) and again by the lifecycle table (who may do what to which release).

const Id = z.object({ id: positiveId("a release id") });

const Json = z.record(z.string(), z.unknown());
const instant = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 lower-case hex digits");

const Review = z.object({
  dueAt: z.string(),
  filedAt: z.string().optional(),
  filedBy: z.string().optional(),
  outcome: ReviewOutcome.optional(),
  notes: z.string().optional(),
});

const releaseFields = {
  id: z.number(),
  version: z.number(),
  tenant: z.string(),
  environments: list(z.string()),
  addons: list(AddonsRevision),
  imageDigest: z.string(),
  planHash: z.string(),
  tier: z.string(),
  summary: z.string(),
  rollbackIntent: RollbackIntent,
  requestedStart: z.string().optional(),
  duration: z.string(),
  scheduledStart: z.string().optional(),
  requester: z.string(),
  authors: list(z.string()),
  state: ReleaseState,
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().optional(),
  approvedAt: z.string().optional(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  review: Review.optional(),
};

/** A release with its plan. */
const ReleaseBody = z.object({ ...releaseFields, plan: Json });
/** A release as listed: without its plan, with the plan's strategy and impact. */
const ReleaseSummaryBody = z.object({ ...releaseFields, planStrategy: z.string(), planImpact: z.string() });

const ApprovalBody = z.object({
  id: z.number(),
  releaseId: z.number(),
  approver: z.string(),
  role: z.string(),
  decision: z.enum(["approve", "reject"]),
  comment: z.string(),
  planHash: z.string(),
  imageDigest: z.string(),
  createdAt: z.string(),
  voidedAt: z.string().optional(),
  voidReason: z.string().optional(),
});

const TransitionBody = z.object({
  id: z.number(),
  releaseId: z.number(),
  action: z.string(),
  from: ReleaseState,
  to: ReleaseState,
  actor: z.string(),
  at: z.string(),
  details: Json,
});

const EvidenceInfoBody = z.object({
  id: z.string(),
  releaseId: z.number(),
  type: EvidenceType,
  gate: EvidenceGate,
  sha256: z.string(),
  sizeBytes: z.number(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  fileName: z.string(),
  warnings: list(z.unknown()),
});

const WaiverBody = z.object({
  id: z.number(),
  releaseId: z.number(),
  gate: WaivableGate,
  subject: z.string(),
  owner: z.string(),
  reason: z.string(),
  expiresAt: z.string(),
  createdAt: z.string().optional(),
  createdBy: z.string(),
});

const DecisionBody = z.object({
  release: z.number(),
  state: ReleaseState,
  tier: z.string(),
  at: z.string(),
  allowed: z.boolean(),
  reasons: list(
    z.object({
      code: z.enum(RELEASE_REASON_CODES),
      blocking: z.boolean(),
      message: z.string(),
      unblock: z.string().optional(),
      environment: z.string().optional(),
      details: Json.optional(),
    }),
  ),
  approvals: list(
    z.object({
      role: z.string(),
      tierCount: z.number(),
      freezeCount: z.number(),
      freezes: list(z.string()),
      required: z.number(),
      approvedBy: list(z.string()),
      missing: z.number(),
      eligible: list(z.string()),
      groups: list(z.string()),
      excluded: list(z.object({ user: z.string(), reason: z.string() })),
    }),
  ),
  gates: list(
    z.object({
      gate: EvidenceGate,
      status: z.enum(["pass", "fail", "missing", "waived"]),
      summary: z.string(),
      evidenceId: z.string().optional(),
      reasons: list(
        z.object({
          code: z.string(),
          message: z.string(),
          subject: z.string().optional(),
          blocking: z.boolean(),
        }),
      ),
      unblock: z.string().optional(),
      environment: z.string().optional(),
    }),
  ),
  environments: list(
    z.object({
      environment: z.string(),
      allowed: z.boolean(),
      disruptive: z.boolean(),
      timezone: z.string(),
      localStart: z.string(),
      next: z.string().optional(),
      nextLocal: z.string().optional(),
      exemptions: list(
        z.object({
          calendar: z.string(),
          window: z.string(),
          tier: z.string(),
          approvals: list(z.object({ role: z.string(), count: z.number() })),
        }),
      ),
      windowMinutes: z.number().optional(),
    }),
  ),
  suggestedTier: z.object({ tier: z.string().optional(), why: list(z.string()) }),
});

const ReleasePatchBody = z.strictObject({
  /** The version the change was made to (optimistic concurrency: 409 when the release moved on). */
  version: z.int().min(1),
  plan: PlanDocument.optional(),
  imageDigest: ImageDigest.optional(),
  addons: z.array(AddonsRevision).max(100).optional(),
  authors: z.array(z.string().min(1).max(320)).max(1000).optional(),
  tier: z.string().min(1).max(100).optional(),
  summary: z.string().min(1).max(2000).optional(),
  rollbackIntent: RollbackIntent.optional(),
  requestedStart: instant.nullable().optional(),
  duration: IsoDuration.optional(),
});

const Vote = z.strictObject({
  /** The plan hash the approver reviewed: the vote is refused (409) when the plan changed since. */
  planHash: sha256,
  /** The image digest the approver reviewed. */
  imageDigest: ImageDigest,
  /** @default the first of the tier's roles the approver holds that still lacks approvals */
  role: z.string().min(1).max(100).optional(),
  comment: z.string().max(2000).optional(),
});

const Rejection = Vote.extend({ comment: z.string().min(1, "say why the release is rejected").max(2000) });

const EvidenceUploadBody = z.strictObject({
  type: EvidenceType,
  fileName: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, "a file name without directories"),
  /** The report's text, as the tool wrote it. */
  content: z.string(),
  gate: EvidenceGate.optional(),
});

const WaiverRequest = z.strictObject({
  gate: WaivableGate,
  subject: z.string().min(1).max(500),
  /** @default the caller */
  owner: UserName.optional(),
  reason: z.string().min(1).max(2000),
  expiresAt: instant,
});

const MiB = 1024 * 1024;
const releaseWriters = ["engineer", "release-manager"] as const;

/** The release governance API. */
export const releaseRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/v1/releases",
    operationId: "createRelease",
    summary:
      "Create a draft release: tenant, environments in promotion order, addons revisions, image digest, the plan (`orc plan --json`), tier (default: the suggested one), summary, rollback intent, requested schedule, commit authors.",
    tag: "releases",
    roles: [...releaseWriters],
    body: ReleaseRequest,
    bodyLimit: 16 * MiB,
    status: 201,
    response: ReleaseBody,
    handler: async ({ ctx, body, principal }) => reply(await ctx.releases.create(body, principal), 201),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/releases",
    operationId: "listReleases",
    summary: "Releases, newest first, without their plans; filter by state, tenant, environment and tier.",
    tag: "releases",
    roles: ROLES,
    query: z.strictObject({
      state: ReleaseState.optional(),
      tenant: z.string().max(100).optional(),
      environment: z.string().max(200).optional(),
      tier: z.string().max(100).optional(),
      before: z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number)
        .optional(),
      limit: z
        .string()
        .regex(/^\d{1,3}$/)
        .transform(Number)
        .optional(),
    }),
    response: z.object({ releases: list(ReleaseSummaryBody), next: z.number().optional() }),
    handler: async ({ ctx, query }) => {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const releases = await ctx.releases.list({ ...query, limit });
      const last = releases.at(-1);
      return { releases, ...(releases.length === limit && last ? { next: last.id } : {}) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/releases/{id}",
    operationId: "getRelease",
    summary: "A release with its plan, votes (voided ones included) and lifecycle history.",
    tag: "releases",
    roles: ROLES,
    params: Id,
    response: z.object({
      release: ReleaseBody,
      approvals: list(ApprovalBody),
      history: list(TransitionBody),
    }),
    handler: async ({ ctx, params }) => ctx.releases.get(params.id),
  }),
  defineRoute({
    method: "PATCH",
    path: "/api/v1/releases/{id}",
    operationId: "changeRelease",
    summary:
      "Change a release at `version`. A new plan, image digest, addons, authors or tier voids every approval and sends an approved or scheduled release back to submitted.",
    tag: "releases",
    roles: [...releaseWriters],
    params: Id,
    body: ReleasePatchBody,
    bodyLimit: 16 * MiB,
    response: ReleaseBody,
    handler: async ({ ctx, params, body, principal }) => {
      const { version, ...patch } = body;
      return ctx.releases.update(params.id, version, patch, principal);
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/submit",
    operationId: "submitRelease",
    summary:
      "Submit a draft for approval (the requester or a release manager); the lead time counts from here.",
    tag: "releases",
    roles: [...releaseWriters],
    params: Id,
    response: ReleaseBody,
    handler: async ({ ctx, params, principal }) => ctx.releases.submit(params.id, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/approve",
    operationId: "approveRelease",
    summary:
      "Approve in one of the roles the release's tier (or an exempting freeze) names, bound to the plan hash and image digest reviewed. The requester (and, when the tier says so, commit authors) cannot approve.",
    tag: "releases",
    roles: ROLES,
    mfa: true,
    params: Id,
    body: Vote,
    response: z.object({ release: ReleaseBody, approval: ApprovalBody }),
    handler: async ({ ctx, params, body, principal }) =>
      ctx.releases.vote(params.id, "approve", body, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/reject",
    operationId: "rejectRelease",
    summary: "Reject, with a comment, in one of the tier's approval roles; final.",
    tag: "releases",
    roles: ROLES,
    mfa: true,
    params: Id,
    body: Rejection,
    response: z.object({ release: ReleaseBody, approval: ApprovalBody }),
    handler: async ({ ctx, params, body, principal }) =>
      ctx.releases.vote(params.id, "reject", body, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/cancel",
    operationId: "cancelRelease",
    summary: "Withdraw a release that has not run (the requester or a release manager); final.",
    tag: "releases",
    roles: [...releaseWriters],
    params: Id,
    response: ReleaseBody,
    handler: async ({ ctx, params, principal }) => ctx.releases.cancel(params.id, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/schedule",
    operationId: "scheduleRelease",
    summary:
      "Schedule an approved release at `start`; refused (409 release-blocked, every reason listed) unless the decision at that start allows it.",
    tag: "releases",
    roles: [...releaseWriters],
    params: Id,
    body: z.strictObject({ start: instant }),
    response: z.object({ release: ReleaseBody, decision: DecisionBody }),
    handler: async ({ ctx, params, body, principal }) =>
      ctx.releases.schedule(params.id, new Date(body.start), principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/start",
    operationId: "startRelease",
    summary:
      "Begin the run of a scheduled release (the execution engine's step; admin until it exists); refused unless the decision now allows it.",
    tag: "releases",
    roles: ["admin"],
    mfa: true,
    params: Id,
    response: ReleaseBody,
    handler: async ({ ctx, params, principal }) => ctx.releases.start(params.id, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/complete",
    operationId: "completeRelease",
    summary:
      "Record how the run ended (the execution engine's step; admin until it exists). A post-implementation review falls due when the tier demands one.",
    tag: "releases",
    roles: ["admin"],
    mfa: true,
    params: Id,
    body: z.strictObject({ outcome: RunOutcome }),
    response: ReleaseBody,
    handler: async ({ ctx, params, body, principal }) =>
      ctx.releases.complete(params.id, body.outcome, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/evidence",
    operationId: "addEvidence",
    summary:
      "Upload a report (JSON body: type, fileName, content): JUnit XML, Trivy JSON, SARIF, CycloneDX JSON or an orc rehearsal report. Parsed by the real parser; a malformed report is 422 with each problem's line and column and is not stored; above 20 MiB it is 413.",
    tag: "releases",
    roles: [...releaseWriters],
    params: Id,
    body: EvidenceUploadBody,
    bodyLimit: 64 * MiB,
    status: 201,
    response: EvidenceInfoBody,
    handler: async ({ ctx, params, body, principal }) =>
      reply(await ctx.releases.addEvidence(params.id, body, principal), 201),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/releases/{id}/evidence/{evidenceId}",
    operationId: "getEvidence",
    summary:
      "One piece of evidence with its parsed report: the failing tests with their messages and tracebacks, the vulnerabilities, the findings or components.",
    tag: "releases",
    roles: ROLES,
    params: Id.extend({ evidenceId: positiveId("an evidence id") }),
    response: EvidenceInfoBody.extend({ report: z.unknown() }),
    handler: async ({ ctx, params }) => ctx.releases.evidenceReport(params.id, params.evidenceId),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/releases/{id}/evidence",
    operationId: "listEvidence",
    summary: "A release's evidence (type, gate, SHA-256, uploader, time, file name), newest first.",
    tag: "releases",
    roles: ROLES,
    params: Id,
    response: z.object({ evidence: list(EvidenceInfoBody) }),
    handler: async ({ ctx, params }) => ({ evidence: await ctx.releases.evidence(params.id) }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/waivers",
    operationId: "addWaiver",
    summary:
      "Accept one blocker of a gate (a CVE, a rule, a component) with an owner, a reason and an expiry (release manager).",
    tag: "releases",
    roles: ["release-manager"],
    params: Id,
    body: WaiverRequest,
    status: 201,
    response: WaiverBody,
    handler: async ({ ctx, params, body, principal }) => {
      const { owner, ...rest } = body;
      return reply(
        await ctx.releases.addWaiver(params.id, { ...rest, owner: owner ?? principal.user }, principal),
        201,
      );
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/releases/{id}/waivers",
    operationId: "listWaivers",
    summary: "A release's waivers.",
    tag: "releases",
    roles: ROLES,
    params: Id,
    response: z.object({ waivers: list(WaiverBody) }),
    handler: async ({ ctx, params }) => ({ waivers: await ctx.releases.waivers(params.id) }),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/releases/{id}/decision",
    operationId: "decideRelease",
    summary:
      "May the release start at `at` (default now) on `env` (default every environment of the release)? Every reason, each with what would unblock it.",
    tag: "releases",
    roles: ROLES,
    params: Id,
    query: z.strictObject({ env: z.string().max(200).optional(), at: instant.optional() }),
    response: DecisionBody,
    handler: async ({ ctx, params, query }) =>
      ctx.releases.decision(params.id, {
        ...(query.env ? { environment: query.env } : {}),
        ...(query.at ? { at: new Date(query.at) } : {}),
      }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/releases/{id}/review",
    operationId: "fileReview",
    summary: "File the post-implementation review (the requester or a release manager).",
    tag: "releases",
    roles: [...releaseWriters],
    params: Id,
    body: z.strictObject({ outcome: ReviewOutcome, notes: z.string().min(1).max(20_000) }),
    response: ReleaseBody,
    handler: async ({ ctx, params, body, principal }) =>
      ctx.releases.review(params.id, body.outcome, body.notes, principal),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/reviews",
    operationId: "listReviews",
    summary: "Post-implementation reviews not filed yet; `overdue=true` lists only those past due.",
    tag: "releases",
    roles: ROLES,
    query: z.strictObject({ overdue: z.enum(["true", "false"]).optional() }),
    response: z.object({ reviews: list(ReleaseSummaryBody) }),
    handler: async ({ ctx, query }) => ({ reviews: await ctx.releases.reviews(query.overdue === "true") }),
  }),
];
