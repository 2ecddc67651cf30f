// Shapes of the orc API responses the dashboard reads (see GET /api/v1/openapi.json). Only the fields
// the pages use are named; the server may send more.

export type Role = "admin" | "release-manager" | "engineer" | "approver" | "cab" | "auditor" | "viewer";

export interface Me {
  readonly user: string;
  readonly roles: readonly Role[];
  readonly via: string;
  readonly amr?: readonly string[];
}

export interface SignInMethods {
  readonly methods: readonly ("token" | "oidc")[];
  readonly login?: string;
  readonly csrfHeader?: string;
  readonly requireMfa: boolean;
}

export interface Environment {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly kind: string;
  readonly region: string;
  readonly timezone: string | null;
  readonly hosting: string;
  readonly url?: string;
  readonly calendars?: readonly string[];
  readonly odoo?: { readonly series?: string };
}

export interface Tenant {
  readonly name: string;
  readonly displayName?: string;
  readonly region?: string;
  readonly stores?: number;
  readonly environments: readonly string[];
}

export type WindowKind = "freeze" | "maintenance";

export interface Occurrence {
  readonly id: string;
  readonly calendar: string;
  readonly window: string;
  readonly kind: WindowKind;
  readonly description?: string;
  readonly source: "estate" | "api" | "import";
  readonly timezone: string;
  readonly windowTimezone: string;
  readonly floating: boolean;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
  readonly exemptTiers?: readonly string[];
  readonly exemptApprovals?: readonly { readonly role: string; readonly count: number }[];
}

export interface Agenda {
  readonly environment: string;
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly occurrences: readonly Occurrence[];
  readonly revision: string;
}

export interface ListedWindow {
  readonly calendar: string;
  readonly source: "estate" | "api" | "import";
  readonly import?: string;
  readonly createdBy?: string;
  readonly window: Readonly<Record<string, unknown>> & { readonly name: string };
}

/**
 * The server's release states in lifecycle order (`RELEASE_STATES` of `src/domain/release`, which the
 * bundle does not import because it brings zod; `test/web/release-states.test.ts` keeps the two equal).
 */
export const RELEASE_STATES = [
  "draft",
  "submitted",
  "approved",
  "scheduled",
  "running",
  "succeeded",
  "failed",
  "rolled-back",
  "rejected",
  "cancelled",
] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export interface ReleaseSummary {
  readonly id: number;
  readonly version: number;
  readonly tenant: string;
  readonly environments: readonly string[];
  readonly imageDigest: string;
  readonly planHash: string;
  readonly tier: string;
  readonly summary: string;
  readonly requester: string;
  readonly authors: readonly string[];
  readonly state: ReleaseState;
  readonly duration: string;
  readonly requestedStart?: string;
  readonly scheduledStart?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt?: string;
  readonly planStrategy?: string;
  readonly planImpact?: string;
  readonly review?: { readonly dueAt: string; readonly filedAt?: string };
  readonly addons: readonly { readonly name: string; readonly revision: string }[];
  readonly rollbackIntent: { readonly strategy: string; readonly notes?: string };
}

export interface Release extends ReleaseSummary {
  readonly plan: Plan;
}

export interface Vote {
  readonly id: number;
  readonly approver: string;
  readonly role: string;
  readonly decision: "approve" | "reject";
  readonly comment: string;
  readonly createdAt: string;
  readonly voidedAt?: string;
  readonly voidReason?: string;
}

export interface Transition {
  readonly id: number;
  readonly action: string;
  readonly from: ReleaseState;
  readonly to: ReleaseState;
  readonly actor: string;
  readonly at: string;
}

export interface ReleaseRecord {
  readonly release: Release;
  readonly approvals: readonly Vote[];
  readonly history: readonly Transition[];
}

export interface DecisionReason {
  readonly code: string;
  readonly blocking: boolean;
  readonly message: string;
  readonly unblock?: string;
  readonly environment?: string;
}

export interface ApprovalStatus {
  readonly role: string;
  readonly required: number;
  readonly approvedBy: readonly string[];
  readonly missing: number;
  readonly eligible: readonly string[];
  readonly groups: readonly string[];
  readonly excluded: readonly { readonly user: string; readonly reason: string }[];
  readonly freezes: readonly string[];
}

export interface GateStatus {
  readonly gate: string;
  readonly status: "pass" | "fail" | "missing" | "waived";
  readonly summary: string;
  readonly evidenceId?: string;
  readonly reasons: readonly {
    readonly code: string;
    readonly message: string;
    readonly subject?: string;
    readonly blocking: boolean;
  }[];
  readonly unblock?: string;
  readonly environment?: string;
}

export interface EnvironmentVerdict {
  readonly environment: string;
  readonly allowed: boolean;
  readonly timezone: string;
  readonly localStart: string;
  readonly next?: string;
  readonly nextLocal?: string;
}

export interface ReleaseDecision {
  readonly release: number;
  readonly state: ReleaseState;
  readonly tier: string;
  readonly at: string;
  readonly allowed: boolean;
  readonly reasons: readonly DecisionReason[];
  readonly approvals: readonly ApprovalStatus[];
  readonly gates: readonly GateStatus[];
  readonly environments: readonly EnvironmentVerdict[];
  readonly suggestedTier: { readonly tier?: string; readonly why: readonly string[] };
}

/** A failing or erroring test of a JUnit report, as the evidence API returns it. */
export interface FailingTest {
  readonly suite: string;
  readonly className: string;
  readonly name: string;
  readonly kind: "failure" | "error";
  readonly type?: string;
  readonly message: string;
  readonly trace: readonly string[];
  readonly file?: string;
  readonly line?: number;
}

/** One piece of evidence with its parsed report (only the JUnit fields the page reads are typed). */
export interface EvidenceDetail extends EvidenceInfo {
  readonly report: {
    readonly type: string;
    readonly failing?: readonly FailingTest[];
    readonly failingOmitted?: number;
  };
}

export interface EvidenceInfo {
  readonly id: string;
  readonly type: string;
  readonly gate: string;
  readonly fileName: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly sha256: string;
}

export interface AuditEvent {
  readonly seq: number;
  readonly ts: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly hash: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly checkpointsVerified: number;
  readonly firstBadSeq?: number;
  readonly problem?: string;
  readonly durationMs: number;
}

export interface Checkpoint {
  readonly size: number;
  readonly root: string;
  readonly note: string;
  readonly createdAt: string;
}

/** The planner's document (`orc plan --json`), the parts the release page draws. */
export interface Plan {
  readonly series?: string;
  readonly strategy?: { readonly kind: string; readonly reasons?: readonly string[] };
  readonly changed?: readonly PlanChangedModule[];
  readonly upgrade?: {
    readonly order?: readonly PlanUpgradeStep[];
    readonly command?: string;
    readonly notInstalled?: readonly string[];
  };
  readonly install?: readonly { readonly module: string; readonly reason?: unknown }[];
  readonly migrations?: readonly PlanMigration[];
  readonly impact?: {
    readonly overall?: string;
    readonly removals?: readonly string[];
    readonly modules?: Readonly<Record<string, { readonly level?: string }>>;
  };
  readonly findings?: readonly PlanFinding[];
}

export interface PlanChangedModule {
  readonly module: string;
  readonly impact?: string;
  readonly installed?: boolean;
  readonly needsUpgrade?: boolean;
  readonly reason?: string;
  readonly version?: {
    readonly installed?: string | null;
    readonly before?: string | null;
    readonly after?: string | null;
    readonly bumped?: boolean;
  };
  readonly files?: readonly { readonly path: string; readonly kind: string; readonly status: string }[];
}

export interface PlanUpgradeStep {
  readonly module: string;
  readonly position?: number;
  readonly depth?: number;
  readonly reason?: string;
  readonly installedVersion?: string | null;
  readonly targetVersion?: string;
}

export interface PlanMigration {
  readonly module: string;
  readonly installedVersion: string | null;
  readonly targetVersion: string;
  readonly pre: readonly string[];
  readonly post: readonly string[];
  readonly end: readonly string[];
}

export interface PlanFinding {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly module?: string;
  readonly hint?: string;
}
