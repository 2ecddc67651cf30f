import { z } from "zod";
import { IsoDuration } from "./duration.js";
import { Name, UserName } from "./names.js";
import { Role } from "./roles.js";

/** Evidence a release can be required to pass before it may run. */
export const EVIDENCE_GATES = ["tests", "image-scan", "sast", "sbom-license", "rehearsal"] as const;
/** One evidence gate: JUnit `tests`, Trivy `image-scan`, SARIF `sast`, CycloneDX `sbom-license`, `rehearsal`. */
export const EvidenceGate = z.enum(EVIDENCE_GATES);
export type EvidenceGate = z.infer<typeof EvidenceGate>;

/** Release lifecycle events a tier can notify about. */
export const NOTIFICATION_EVENTS = [
  "submitted",
  "approved",
  "rejected",
  "scheduled",
  "running",
  "succeeded",
  "failed",
  "rolled-back",
  "cancelled",
  "review-due",
  "review-overdue",
] as const;
/** One of {@link NOTIFICATION_EVENTS}. */
export const NotificationEvent = z.enum(NOTIFICATION_EVENTS);
export type NotificationEvent = z.infer<typeof NotificationEvent>;

/** `count` distinct people holding `role` must approve (a quorum when above 1). */
export const Approval = z.strictObject({
  role: Role,
  /** @default 1 */
  count: z.int().min(1).max(100).default(1),
});
export type Approval = z.infer<typeof Approval>;

/** Who may not approve a release. */
export const SeparationOfDuties = z.strictObject({
  /** @default true */
  requesterCannotApprove: z.boolean().default(true),
  /** The authors of the commits in the release may not approve it. @default false */
  authorsCannotApprove: z.boolean().default(false),
});
export type SeparationOfDuties = z.infer<typeof SeparationOfDuties>;

/** A review that must be filed after the release, within `within`. */
export const PostImplementationReview = z.strictObject({ within: IsoDuration });
export type PostImplementationReview = z.infer<typeof PostImplementationReview>;

const ratio = z.number().min(0).max(1);

/** When a running release rolls back: any threshold crossed during `observeFor`. */
export const RollbackCriteria = z
  .strictObject({
    /** Share of HTTP requests failing (5xx), 0..1. */
    errorRatio: ratio.optional(),
    /** 95th percentile latency of HTTP requests, in milliseconds. */
    p95LatencyMs: z.int().min(1).optional(),
    /** Share of point-of-sale order synchronisations failing, 0..1. */
    posSyncFailureRatio: ratio.optional(),
    /** How long to watch after the change. @default PT30M */
    observeFor: IsoDuration.default("PT30M"),
  })
  .meta({ description: "Rollback thresholds; crossing any one during observeFor rolls the release back." });
export type RollbackCriteria = z.infer<typeof RollbackCriteria>;

/** Who hears about which lifecycle events of releases of a tier. */
export const Notification = z
  .strictObject({
    on: z.array(NotificationEvent).min(1),
    roles: z.array(Role).optional(),
    users: z.array(UserName).optional(),
    /** An HTTPS endpoint receiving HMAC-signed JSON. */
    webhook: z.url({ protocol: /^https?$/ }).optional(),
    /** Webhooks of `notifications.webhooks` told about these events of this tier's releases. */
    webhooks: z.array(Name).min(1).optional(),
  })
  .superRefine((n, ctx) => {
    if (!n.roles?.length && !n.users?.length && !n.webhook && !n.webhooks?.length) {
      ctx.addIssue({
        code: "custom",
        message: "this notification has no recipient",
        params: { code: "missing-recipient", hint: "add roles, users, webhook or webhooks" },
        input: n,
      });
    }
  });
export type Notification = z.infer<typeof Notification>;

/** A release tier: the rules a release of this tier must satisfy. */
export const Tier = z
  .strictObject({
    name: Name,
    description: z.string().optional(),
    /** @default [] (no approval) */
    approvals: z.array(Approval).default([]),
    separationOfDuties: SeparationOfDuties.default({
      requesterCannotApprove: true,
      authorsCannotApprove: false,
    }),
    /** @default [] */
    gates: z.array(EvidenceGate).default([]),
    /** Minimum time between submission and start. @default PT0S */
    minLeadTime: IsoDuration.default("PT0S"),
    /** May run inside a freeze window (freezes may still demand more approval). @default false */
    allowedInFreeze: z.boolean().default(false),
    /** Must run inside a maintenance window even when the change is not disruptive. @default false */
    requiresMaintenanceWindow: z.boolean().default(false),
    /** @default true */
    requiresVerifiedBackup: z.boolean().default(true),
    /** @default false */
    requiresRehearsal: z.boolean().default(false),
    postImplementationReview: PostImplementationReview.optional(),
    rollback: RollbackCriteria.optional(),
    /** @default [] */
    notify: z.array(Notification).default([]),
  })
  .meta({ description: "A release tier: approvals, separation of duties, gates, lead time and windows." });
export type Tier = z.infer<typeof Tier>;

/**
 * The three tiers an estate gets when it declares none, following ServiceNow's change types and
 * DORA's advice to keep heavyweight approval for the riskiest changes only.
 */
export const DEFAULT_TIERS: readonly Tier[] = [
  {
    name: "emergency",
    description: "Fix for an incident in production: one approver now, a review afterwards.",
    approvals: [{ role: "approver", count: 1 }],
    separationOfDuties: { requesterCannotApprove: true, authorsCannotApprove: false },
    gates: ["tests"],
    minLeadTime: "PT0S",
    allowedInFreeze: true,
    requiresMaintenanceWindow: false,
    requiresVerifiedBackup: true,
    requiresRehearsal: false,
    postImplementationReview: { within: "PT48H" },
    rollback: { errorRatio: 0.05, p95LatencyMs: 3000, observeFor: "PT15M" },
    notify: [],
  },
  {
    name: "standard",
    description: "Routine change with proven steps: release-manager approval, tests and image scan.",
    approvals: [{ role: "release-manager", count: 1 }],
    separationOfDuties: { requesterCannotApprove: true, authorsCannotApprove: false },
    gates: ["tests", "image-scan"],
    minLeadTime: "P1D",
    allowedInFreeze: false,
    requiresMaintenanceWindow: false,
    requiresVerifiedBackup: true,
    requiresRehearsal: false,
    rollback: { errorRatio: 0.02, p95LatencyMs: 1500, observeFor: "PT30M" },
    notify: [],
  },
  {
    name: "major",
    description: "Odoo series upgrade or data migration: CAB quorum, rehearsal, a week's notice.",
    approvals: [
      { role: "release-manager", count: 1 },
      { role: "cab", count: 3 },
    ],
    separationOfDuties: { requesterCannotApprove: true, authorsCannotApprove: true },
    gates: ["tests", "image-scan", "sbom-license", "rehearsal"],
    minLeadTime: "P7D",
    allowedInFreeze: false,
    requiresMaintenanceWindow: true,
    requiresVerifiedBackup: true,
    requiresRehearsal: true,
    rollback: { errorRatio: 0.02, p95LatencyMs: 1500, observeFor: "PT2H" },
    notify: [],
  },
];
