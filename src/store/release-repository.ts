import type { EvidenceGate } from "../domain/estate/index.js";
import type { Evidence } from "../domain/evidence/index.js";
import type { Waiver } from "../domain/evidence/index.js";
import type {
  ApprovalRecord,
  NewApproval,
  OverdueReview,
  PlanDocument,
  Release,
  ReleaseState,
  Transition,
} from "../domain/release/index.js";
import type { Queryable } from "./db.js";

// Releases, their approvals, evidence, waivers and lifecycle history. Every statement is one query;
// callers pass the transaction handle inside transactions.

interface ReleaseRow {
  id: number;
  version: number;
  tenant: string;
  environments: string[];
  addons: Release["addons"];
  image_digest: string;
  plan?: PlanDocument;
  plan_hash: string;
  plan_strategy: string;
  plan_impact: string;
  tier: string;
  summary: string;
  rollback_intent: Release["rollbackIntent"];
  requested_start: Date | null;
  duration: string;
  scheduled_start: Date | null;
  requester: string;
  authors: string[];
  state: ReleaseState;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  approved_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  review_due_at: Date | null;
  review_filed_at: Date | null;
  review: { filedBy?: string; outcome?: string; notes?: string } | null;
}

const SUMMARY_COLUMNS = `id, version, tenant, environments, addons, image_digest, plan_hash, plan_strategy, plan_impact,
  tier, summary, rollback_intent, requested_start, duration, scheduled_start, requester, authors, state, created_at,
  updated_at, submitted_at, approved_at, started_at, completed_at, review_due_at, review_filed_at, review`;
const COLUMNS = `${SUMMARY_COLUMNS}, plan`;

const iso = (d: Date | string | null | undefined): string | undefined =>
  d === null || d === undefined ? undefined : new Date(d).toISOString();

/** A release as listed: everything but the plan document. */
export type ReleaseSummary = Omit<Release, "plan"> & {
  readonly planStrategy: string;
  readonly planImpact: string;
};

function toSummary(r: ReleaseRow): ReleaseSummary {
  const review =
    r.review_due_at === null
      ? undefined
      : {
          dueAt: iso(r.review_due_at) as string,
          ...(r.review_filed_at ? { filedAt: iso(r.review_filed_at) as string } : {}),
          ...(r.review ?? {}),
        };
  const optional = {
    requestedStart: iso(r.requested_start),
    scheduledStart: iso(r.scheduled_start),
    submittedAt: iso(r.submitted_at),
    approvedAt: iso(r.approved_at),
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
  };
  return {
    id: r.id,
    version: r.version,
    tenant: r.tenant,
    environments: r.environments,
    addons: r.addons,
    imageDigest: r.image_digest,
    planHash: r.plan_hash,
    planStrategy: r.plan_strategy,
    planImpact: r.plan_impact,
    tier: r.tier,
    summary: r.summary,
    rollbackIntent: r.rollback_intent,
    duration: r.duration,
    requester: r.requester,
    authors: r.authors,
    state: r.state,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(review ? { review: review as Release["review"] } : {}),
  };
}

function toRelease(r: ReleaseRow): Release {
  const { planStrategy: _s, planImpact: _i, ...rest } = toSummary(r);
  return { ...rest, plan: r.plan as PlanDocument };
}

/** A release before the store gives it an id. */
export type NewRelease = Omit<Release, "id">;

function rowValues(r: NewRelease): unknown[] {
  const { filedAt: _f, dueAt: _d, ...reviewRest } = r.review ?? { dueAt: "" };
  return [
    r.version,
    r.tenant,
    r.environments,
    JSON.stringify(r.addons),
    r.imageDigest,
    JSON.stringify(r.plan),
    r.planHash,
    r.plan.strategy.kind,
    r.plan.impact.overall,
    r.tier,
    r.summary,
    JSON.stringify(r.rollbackIntent),
    r.requestedStart ?? null,
    r.duration,
    r.scheduledStart ?? null,
    r.requester,
    JSON.stringify(r.authors),
    r.state,
    r.createdAt,
    r.updatedAt,
    r.submittedAt ?? null,
    r.approvedAt ?? null,
    r.startedAt ?? null,
    r.completedAt ?? null,
    r.review?.dueAt ?? null,
    r.review?.filedAt ?? null,
    r.review ? JSON.stringify(reviewRest) : null,
  ];
}

const ASSIGNMENTS = `version = $2, tenant = $3, environments = $4, addons = $5::jsonb, image_digest = $6,
  plan = $7::jsonb, plan_hash = $8, plan_strategy = $9, plan_impact = $10, tier = $11, summary = $12,
  rollback_intent = $13::jsonb, requested_start = $14, duration = $15, scheduled_start = $16, requester = $17,
  authors = $18::jsonb, state = $19, created_at = $20, updated_at = $21, submitted_at = $22, approved_at = $23,
  started_at = $24, completed_at = $25, review_due_at = $26, review_filed_at = $27, review = $28::jsonb`;

/** Inserts a release; returns its id. */
export async function insertRelease(tx: Queryable, r: NewRelease): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO release (version, tenant, environments, addons, image_digest, plan, plan_hash, plan_strategy,
       plan_impact, tier, summary, rollback_intent, requested_start, duration, scheduled_start, requester, authors,
       state, created_at, updated_at, submitted_at, approved_at, started_at, completed_at, review_due_at,
       review_filed_at, review)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17::jsonb,
       $18, $19, $20, $21, $22, $23, $24, $25, $26, $27::jsonb)
     RETURNING id`,
    rowValues(r),
  );
  return (rows[0] as { id: number }).id;
}

/**
 * Writes a changed release. `previousVersion` must still be the stored version (the caller holds the
 * row lock; this is a second line of defence): false when it is not.
 */
export async function updateRelease(tx: Queryable, r: Release, previousVersion: number): Promise<boolean> {
  const result = await tx.query(`UPDATE release SET ${ASSIGNMENTS} WHERE id = $1 AND version = $29`, [
    r.id,
    ...rowValues(r),
    previousVersion,
  ]);
  return result.rowCount === 1;
}

/** The release, locked `FOR UPDATE` until the transaction ends: changes to one release queue here. */
export async function lockRelease(tx: Queryable, id: number): Promise<Release | undefined> {
  const { rows } = await tx.query<ReleaseRow>(`SELECT ${COLUMNS} FROM release WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ? toRelease(rows[0]) : undefined;
}

export async function findRelease(q: Queryable, id: number): Promise<Release | undefined> {
  const { rows } = await q.query<ReleaseRow>(`SELECT ${COLUMNS} FROM release WHERE id = $1`, [id]);
  return rows[0] ? toRelease(rows[0]) : undefined;
}

/** Filters for listing releases, combined with AND. */
export interface ReleaseFilter {
  readonly state?: ReleaseState;
  readonly tenant?: string;
  /** `tenant/environment`: releases that include it. */
  readonly environment?: string;
  readonly tier?: string;
  /** Keyset cursor: releases with a smaller id (newest first). */
  readonly before?: number;
  /** @default 50 */
  readonly limit?: number;
}

/** Releases matching the filter, newest first, without their plans. */
export async function listReleases(q: Queryable, filter: ReleaseFilter = {}): Promise<ReleaseSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replaceAll("?", `$${params.length}`));
  };
  if (filter.state) add("state = ?", filter.state);
  if (filter.tenant) add("tenant = ?", filter.tenant);
  if (filter.environment) add("environments @> ARRAY[?]::text[]", filter.environment);
  if (filter.tier) add("tier = ?", filter.tier);
  if (filter.before !== undefined) add("id < ?", filter.before);
  params.push(Math.min(Math.max(filter.limit ?? 50, 1), 500));
  const { rows } = await q.query<ReleaseRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM release ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toSummary);
}

interface ApprovalRow {
  id: number;
  release_id: number;
  approver: string;
  role: string;
  decision: "approve" | "reject";
  comment: string;
  plan_hash: string;
  image_digest: string;
  created_at: Date | string;
  voided_at: Date | string | null;
  void_reason: string | null;
}

const APPROVAL_COLUMNS =
  "id, release_id, approver, role, decision, comment, plan_hash, image_digest, created_at, voided_at, void_reason";

function toApproval(r: ApprovalRow): ApprovalRecord {
  return {
    id: Number(r.id),
    releaseId: Number(r.release_id),
    approver: r.approver,
    role: r.role,
    decision: r.decision,
    comment: r.comment,
    planHash: r.plan_hash,
    imageDigest: r.image_digest,
    createdAt: iso(r.created_at) as string,
    ...(r.voided_at !== null ? { voidedAt: iso(r.voided_at) as string } : {}),
    ...(r.void_reason !== null ? { voidReason: r.void_reason } : {}),
  };
}

/** Records a vote; a second active vote by the same person is a unique violation. */
export async function insertApproval(tx: Queryable, a: NewApproval): Promise<ApprovalRecord> {
  const { rows } = await tx.query<ApprovalRow>(
    `INSERT INTO release_approval (release_id, approver, role, decision, comment, plan_hash, image_digest, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${APPROVAL_COLUMNS}`,
    [a.releaseId, a.approver, a.role, a.decision, a.comment, a.planHash, a.imageDigest, a.createdAt],
  );
  return toApproval(rows[0] as ApprovalRow);
}

/** Every vote on a release, voided ones included, oldest first. */
export async function listApprovals(q: Queryable, releaseId: number): Promise<ApprovalRecord[]> {
  const { rows } = await q.query<ApprovalRow>(
    `SELECT ${APPROVAL_COLUMNS} FROM release_approval WHERE release_id = $1 ORDER BY id`,
    [releaseId],
  );
  return rows.map(toApproval);
}

/** Voids the listed votes of a release; returns how many were voided. */
export async function voidApprovals(
  tx: Queryable,
  releaseId: number,
  ids: readonly number[],
  at: string,
  reason: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await tx.query(
    `UPDATE release_approval SET voided_at = $3, void_reason = $4
     WHERE release_id = $1 AND id = ANY($2::int8[]) AND voided_at IS NULL`,
    [releaseId, ids, at, reason],
  );
  return r.rowCount;
}

/** One entry of a release's lifecycle history. */
export interface TransitionRecord extends Omit<Transition, "action"> {
  /** The lifecycle action, or `create` for the first entry. */
  readonly action: Transition["action"] | "create";
  readonly id: number;
  readonly releaseId: number;
  readonly actor: string;
  readonly at: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export async function insertTransition(tx: Queryable, t: Omit<TransitionRecord, "id">): Promise<void> {
  await tx.query(
    `INSERT INTO release_transition (release_id, action, from_state, to_state, actor, at, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [t.releaseId, t.action, t.from, t.to, t.actor, t.at, JSON.stringify(t.details)],
  );
}

export async function listTransitions(q: Queryable, releaseId: number): Promise<TransitionRecord[]> {
  const { rows } = await q.query<{
    id: number;
    release_id: number;
    action: TransitionRecord["action"];
    from_state: ReleaseState;
    to_state: ReleaseState;
    actor: string;
    at: Date;
    details: Record<string, unknown>;
  }>(
    `SELECT id, release_id, action, from_state, to_state, actor, at, details
     FROM release_transition WHERE release_id = $1 ORDER BY id`,
    [releaseId],
  );
  return rows.map((r) => ({
    id: r.id,
    releaseId: r.release_id,
    action: r.action,
    from: r.from_state,
    to: r.to_state,
    actor: r.actor,
    at: iso(r.at) as string,
    details: r.details,
  }));
}

/** Evidence as stored: the parsed report and what the upload was, never the raw file. */
export type StoredEvidence = Evidence & {
  readonly releaseId: number;
  readonly sizeBytes: number;
  /** Warnings the parser gave (e.g. counts that disagree). */
  readonly warnings: readonly unknown[];
};

/** Evidence without its report, as listed. */
export type EvidenceInfo = Omit<StoredEvidence, "report" | "gate"> & { readonly gate: EvidenceGate };

interface EvidenceRow {
  id: number;
  release_id: number;
  type: Evidence["type"];
  gate: NonNullable<Evidence["gate"]>;
  sha256: string;
  size_bytes: number;
  uploaded_by: string;
  uploaded_at: Date | string;
  file_name: string;
  report?: unknown;
  warnings: unknown[];
}

function toEvidenceInfo(r: EvidenceRow): EvidenceInfo {
  return {
    id: String(r.id),
    releaseId: Number(r.release_id),
    type: r.type,
    gate: r.gate,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    uploadedBy: r.uploaded_by,
    uploadedAt: iso(r.uploaded_at) as string,
    fileName: r.file_name,
    warnings: r.warnings,
  };
}

function toEvidence(r: EvidenceRow): Evidence {
  const { releaseId: _r, sizeBytes: _s, warnings: _w, ...rest } = toEvidenceInfo(r);
  return { ...rest, report: r.report } as Evidence;
}

/** Stores parsed evidence; returns its id. */
export async function insertEvidence(tx: Queryable, e: Omit<StoredEvidence, "id">): Promise<string> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO release_evidence (release_id, type, gate, sha256, size_bytes, uploaded_by, uploaded_at, file_name, report, warnings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb) RETURNING id`,
    [
      e.releaseId,
      e.type,
      e.gate,
      e.sha256,
      e.sizeBytes,
      e.uploadedBy,
      e.uploadedAt,
      e.fileName,
      JSON.stringify(e.report),
      JSON.stringify(e.warnings),
    ],
  );
  return String((rows[0] as { id: number }).id);
}

/** A release's evidence without the reports, newest first. */
export async function listEvidence(q: Queryable, releaseId: number): Promise<EvidenceInfo[]> {
  const { rows } = await q.query<EvidenceRow>(
    `SELECT id, release_id, type, gate, sha256, size_bytes, uploaded_by, uploaded_at, file_name, warnings
     FROM release_evidence WHERE release_id = $1 ORDER BY uploaded_at DESC, id DESC`,
    [releaseId],
  );
  return rows.map(toEvidenceInfo);
}

/** One piece of a release's evidence with its parsed report, or undefined when the release has no such item. */
export async function findEvidence(
  q: Queryable,
  releaseId: number,
  evidenceId: number,
): Promise<(EvidenceInfo & { readonly report: unknown }) | undefined> {
  const { rows } = await q.query<EvidenceRow>(
    `SELECT id, release_id, type, gate, sha256, size_bytes, uploaded_by, uploaded_at, file_name, report, warnings
     FROM release_evidence WHERE release_id = $1 AND id = $2`,
    [releaseId, evidenceId],
  );
  const row = rows[0];
  return row ? { ...toEvidenceInfo(row), report: row.report } : undefined;
}

/** A waiver as stored. */
export type StoredWaiver = Waiver & {
  readonly id: number;
  readonly releaseId: number;
  readonly createdBy: string;
};

interface WaiverRow {
  id: number;
  release_id: number;
  gate: Waiver["gate"];
  subject: string;
  owner: string;
  reason: string;
  expires_at: Date | string;
  created_at: Date | string;
  created_by: string;
}

function toWaiver(r: WaiverRow): StoredWaiver {
  return {
    id: Number(r.id),
    releaseId: Number(r.release_id),
    gate: r.gate,
    subject: r.subject,
    owner: r.owner,
    reason: r.reason,
    expiresAt: iso(r.expires_at) as string,
    createdAt: iso(r.created_at) as string,
    createdBy: r.created_by,
  };
}

export async function insertWaiver(tx: Queryable, w: Omit<StoredWaiver, "id">): Promise<StoredWaiver> {
  const { rows } = await tx.query<WaiverRow>(
    `INSERT INTO release_waiver (release_id, gate, subject, owner, reason, expires_at, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, release_id, gate, subject, owner, reason, expires_at, created_at, created_by`,
    [w.releaseId, w.gate, w.subject, w.owner, w.reason, w.expiresAt, w.createdAt ?? null, w.createdBy],
  );
  return toWaiver(rows[0] as WaiverRow);
}

export async function listWaivers(q: Queryable, releaseId: number): Promise<StoredWaiver[]> {
  const { rows } = await q.query<WaiverRow>(
    `SELECT id, release_id, gate, subject, owner, reason, expires_at, created_at, created_by
     FROM release_waiver WHERE release_id = $1 ORDER BY id`,
    [releaseId],
  );
  return rows.map(toWaiver);
}

/** A release on the schedule, as decisions need it for conflicts. */
export interface ScheduledRow {
  readonly id: number;
  readonly tier: string;
  readonly state: ReleaseState;
  readonly environments: readonly string[];
  readonly start: string;
  readonly duration: string;
  readonly planStrategy: string;
}

/** Everything a decision needs about one release, read in one statement. */
export interface DecisionData {
  readonly release: Release;
  readonly approvals: readonly ApprovalRecord[];
  /** The latest evidence per gate (what the gates evaluate). */
  readonly evidence: readonly Evidence[];
  readonly waivers: readonly StoredWaiver[];
  /** Other releases scheduled or running on any of the release's environments. */
  readonly scheduled: readonly ScheduledRow[];
  /** Other releases on those environments whose review is overdue at `now`. */
  readonly overdueReviews: readonly OverdueReview[];
}

/**
 * Loads a release and what deciding it needs (votes, the latest evidence per gate, waivers, the
 * schedule of its environments, overdue reviews there) in one round trip; undefined when there is no
 * such release.
 */
export async function loadDecisionData(
  q: Queryable,
  id: number,
  now: Date,
): Promise<DecisionData | undefined> {
  const { rows } = await q.query<
    ReleaseRow & {
      j_approvals: ApprovalRow[];
      j_evidence: EvidenceRow[];
      j_waivers: WaiverRow[];
      j_scheduled: {
        id: number;
        tier: string;
        state: ReleaseState;
        environments: string[];
        start: string;
        duration: string;
        plan_strategy: string;
      }[];
      j_overdue: { id: number; tier: string; environments: string[]; review_due_at: string }[];
    }
  >(
    `SELECT ${COLUMNS},
       (SELECT coalesce(json_agg(a ORDER BY a.id), '[]'::json)
          FROM (SELECT ${APPROVAL_COLUMNS} FROM release_approval WHERE release_id = r.id) a) AS j_approvals,
       (SELECT coalesce(json_agg(e), '[]'::json) FROM (
          SELECT DISTINCT ON (gate) id, release_id, type, gate, sha256, size_bytes, uploaded_by, uploaded_at,
                 file_name, report, warnings
          FROM release_evidence WHERE release_id = r.id
          ORDER BY gate, uploaded_at DESC, id DESC) e) AS j_evidence,
       (SELECT coalesce(json_agg(w ORDER BY w.id), '[]'::json)
          FROM (SELECT id, release_id, gate, subject, owner, reason, expires_at, created_at, created_by
                FROM release_waiver WHERE release_id = r.id) w) AS j_waivers,
       (SELECT coalesce(json_agg(s), '[]'::json) FROM (
          SELECT o.id, o.tier, o.state, o.environments, coalesce(o.started_at, o.scheduled_start) AS start,
                 o.duration, o.plan_strategy
          FROM release o
          WHERE o.state IN ('scheduled', 'running') AND o.environments && r.environments AND o.id <> r.id
            AND coalesce(o.started_at, o.scheduled_start) IS NOT NULL) s) AS j_scheduled,
       (SELECT coalesce(json_agg(v), '[]'::json) FROM (
          SELECT o.id, o.tier, o.environments, o.review_due_at
          FROM release o
          WHERE o.review_due_at < $2 AND o.review_filed_at IS NULL AND o.environments && r.environments
            AND o.id <> r.id) v) AS j_overdue
     FROM release r WHERE r.id = $1`,
    [id, now],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    release: toRelease(row),
    approvals: row.j_approvals.map(toApproval),
    evidence: row.j_evidence.map(toEvidence),
    waivers: row.j_waivers.map(toWaiver),
    scheduled: row.j_scheduled.map((s) => ({
      id: Number(s.id),
      tier: s.tier,
      state: s.state,
      environments: s.environments,
      start: iso(s.start) as string,
      duration: s.duration,
      planStrategy: s.plan_strategy,
    })),
    overdueReviews: row.j_overdue.map((v) => ({
      releaseId: Number(v.id),
      tier: v.tier,
      environments: v.environments,
      dueAt: iso(v.review_due_at) as string,
    })),
  };
}

/** Releases whose review is due and not filed: all of them, or only those overdue at `overdueAt`. */
export async function listOpenReviews(q: Queryable, overdueAt?: Date): Promise<ReleaseSummary[]> {
  const { rows } = await q.query<ReleaseRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM release
     WHERE review_due_at IS NOT NULL AND review_filed_at IS NULL ${overdueAt ? "AND review_due_at < $1" : ""}
     ORDER BY review_due_at, id`,
    overdueAt ? [overdueAt] : [],
  );
  return rows.map(toSummary);
}

/** A release on the schedule (scheduled or running), as calendars, conflicts and feeds show it. */
export interface ScheduleEntry {
  readonly id: number;
  readonly tenant: string;
  readonly environments: readonly string[];
  readonly tier: string;
  readonly summary: string;
  readonly state: "scheduled" | "running";
  /** ISO 8601 instant: when it started (running) or its scheduled start. */
  readonly start: string;
  readonly duration: string;
  readonly planStrategy: string;
  readonly updatedAt: string;
  /**
   * How often its slot moved: schedules after the first, plus one once it runs (its start is then
   * when it really started). Calendar clients update an event whose SEQUENCE grew.
   */
  readonly sequence: number;
}

/** Filters of {@link listSchedule}; combined with AND. */
export interface ScheduleFilter {
  /** Releases that include any of these `tenant/environment` ids. */
  readonly environments?: readonly string[];
  /** Releases that start before this instant. */
  readonly startsBefore?: Date;
}

/**
 * Releases scheduled or running, with their slot (the end is the caller's to compute: release
 * durations are nominal in each environment's zone). Ordered by start, then id.
 */
export async function listSchedule(q: Queryable, filter: ScheduleFilter = {}): Promise<ScheduleEntry[]> {
  const where = [
    "r.state IN ('scheduled', 'running')",
    "coalesce(r.started_at, r.scheduled_start) IS NOT NULL",
  ];
  const params: unknown[] = [];
  if (filter.environments) {
    params.push([...filter.environments]);
    where.push(`r.environments && $${params.length}::text[]`);
  }
  if (filter.startsBefore) {
    params.push(filter.startsBefore);
    where.push(`coalesce(r.started_at, r.scheduled_start) < $${params.length}`);
  }
  const { rows } = await q.query<{
    id: number;
    tenant: string;
    environments: string[];
    tier: string;
    summary: string;
    state: "scheduled" | "running";
    start: Date;
    duration: string;
    plan_strategy: string;
    updated_at: Date;
    schedules: number;
  }>(
    `SELECT r.id, r.tenant, r.environments, r.tier, r.summary, r.state,
            coalesce(r.started_at, r.scheduled_start) AS start, r.duration, r.plan_strategy, r.updated_at,
            (SELECT count(*)::int FROM release_transition t
              WHERE t.release_id = r.id AND t.action = 'schedule') AS schedules
     FROM release r WHERE ${where.join(" AND ")}
     ORDER BY start, r.id`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    tenant: r.tenant,
    environments: r.environments,
    tier: r.tier,
    summary: r.summary,
    state: r.state,
    start: iso(r.start) as string,
    duration: r.duration,
    planStrategy: r.plan_strategy,
    updatedAt: iso(r.updated_at) as string,
    sequence: Math.max(Number(r.schedules) - 1, 0) + (r.state === "running" ? 1 : 0),
  }));
}

/**
 * What changes whenever a release touching the environment changes (any state): feeds derive their
 * ETag from it, so a scheduled, moved or cancelled release refreshes subscribers.
 */
export async function scheduleRevision(q: Queryable, environment: string): Promise<string> {
  const { rows } = await q.query<{ n: number; versions: number; latest: Date | null }>(
    `SELECT count(*)::int AS n, coalesce(sum(version), 0)::int8 AS versions, max(updated_at) AS latest
     FROM release WHERE environments @> ARRAY[$1]::text[]`,
    [environment],
  );
  const r = rows[0];
  return `${r?.n ?? 0}.${r?.versions ?? 0}.${r?.latest ? new Date(r.latest).getTime() : 0}`;
}
