import { createHash } from "node:crypto";
import type { CalendarSection } from "../domain/calendar/index.js";
import { OrcError } from "../domain/errors.js";
import {
  findEnvironment,
  findTenant,
  findTier,
  parseEnvironmentReference,
  promotionPath,
  type Estate,
  type EnvironmentView,
  type EvidenceGate,
} from "../domain/estate/index.js";
import {
  DEFAULT_MAX_EVIDENCE_BYTES,
  evidenceTooLargeDiagnostic,
  gateOfEvidence,
  gatesAccepting,
  parseEvidence,
  type Evidence,
  type EvidenceDiagnostic,
  type EvidenceType,
  type Waiver,
} from "../domain/evidence/index.js";
import { auditActor, type Principal } from "../domain/identity/index.js";
import {
  DEFAULT_RELEASE_DURATION,
  cancelRelease,
  changeRelease,
  completeRelease,
  decideRelease,
  fileReview,
  freezeApprovalRoles,
  isDisruptive,
  isFinal,
  planHash,
  recordApproval,
  scheduleRelease,
  startRelease,
  submitRelease,
  suggestTier,
  type ApprovalInput,
  type ApprovalRecord,
  type Outcome,
  type Refusal,
  type Release,
  type ReleaseDecision,
  type ReleasePatch,
  type ReleaseRequest,
  type ReviewOutcome,
  type RunOutcome,
  type Transition,
} from "../domain/release/index.js";
import type { NotificationEvent } from "../domain/estate/tier.js";
import {
  findRelease,
  insertApproval,
  insertEvidence,
  insertRelease,
  insertTransition,
  insertWaiver,
  isUniqueViolation,
  listApprovals,
  listEvidence,
  findEvidence,
  listOpenReviews,
  listReleases,
  listTransitions,
  listWaivers,
  loadDecisionData,
  lockRelease,
  updateRelease,
  voidApprovals,
  type DecisionData,
  type Db,
  type EvidenceInfo,
  type Queryable,
  type ReleaseFilter,
  type ReleaseSummary,
  type StoredWaiver,
  type TransitionRecord,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import {
  NO_LIFECYCLE_LISTENER,
  NO_POLICIES,
  type LifecycleListener,
  type ReleasePolicyEvaluator,
} from "./release-hooks.js";

/** Options of the release service; the hooks default to doing nothing. */
export interface ReleaseServiceOptions {
  readonly db: Db;
  readonly audit: AuditLog;
  /** The estate in force (undefined while none is loaded). */
  readonly estate: () => Estate | undefined;
  readonly now: () => Date;
  /** @default NO_LIFECYCLE_LISTENER */
  readonly listener?: LifecycleListener;
  /** @default NO_POLICIES */
  readonly policies?: ReleasePolicyEvaluator;
  /** Largest evidence report accepted, in bytes. @default 20 MiB */
  readonly maxEvidenceBytes?: number;
  /**
   * The calendars in force: the estate's plus windows added through the API and imported promotions.
   * Read before a change's transaction (the embedded store is one session). @default the estate's own
   */
  readonly calendars?: () => Promise<CalendarSection>;
}

/** A release with its votes and history, as shown. */
export interface ReleaseDetail {
  readonly release: Release;
  readonly approvals: readonly ApprovalRecord[];
  readonly history: readonly TransitionRecord[];
}

/** An evidence upload: the report's text, as the tool wrote it. */
export interface EvidenceUpload {
  readonly type: EvidenceType;
  readonly fileName: string;
  readonly content: string;
  /** The gate it answers, when the type can answer several (SARIF). @default derived */
  readonly gate?: EvidenceGate;
}

const EVENT_OF: Partial<Record<Release["state"], NotificationEvent>> = {
  submitted: "submitted",
  approved: "approved",
  rejected: "rejected",
  scheduled: "scheduled",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  "rolled-back": "rolled-back",
  cancelled: "cancelled",
};

/** Turns a refusal of the domain into the error the edges map to statuses and exit codes. */
function refused(r: Refusal): OrcError {
  const errors =
    r.decision?.reasons
      .filter((x) => x.blocking)
      .map((x) => ({
        path: x.environment ?? "",
        message: x.unblock ? `${x.message} — ${x.unblock}` : x.message,
        code: x.code,
      })) ?? [];
  return new OrcError(r.code, r.message, {
    ...(r.neededRoles ? { needed: r.neededRoles } : {}),
    ...(errors.length ? { errors } : {}),
  });
}

function unwrap<T>(o: Outcome<T>): Extract<Outcome<T>, { ok: true }> {
  if (!o.ok) throw refused(o);
  return o as Extract<Outcome<T>, { ok: true }>;
}

function invalid(path: string, message: string): OrcError {
  return new OrcError("validation-failed", message, { errors: [{ path, message }] });
}

function diagnosticFields(list: readonly EvidenceDiagnostic[]) {
  return list.map((d) => ({
    path: d.path ?? "",
    message: d.hint ? `${d.message} (${d.hint})` : d.message,
    code: d.code,
    ...(d.file ? { file: d.file } : {}),
    ...(d.line ? { line: d.line } : {}),
    ...(d.column ? { column: d.column } : {}),
  }));
}

/**
 * Release governance use cases. Every change locks the release row (`FOR UPDATE`), applies a pure
 * lifecycle command, and writes the release, its votes, the lifecycle history, the audit event and the
 * lifecycle event in one transaction.
 */
export class ReleaseService {
  private readonly listener: LifecycleListener;
  private readonly policies: ReleasePolicyEvaluator;
  private readonly maxEvidenceBytes: number;

  constructor(private readonly options: ReleaseServiceOptions) {
    this.listener = options.listener ?? NO_LIFECYCLE_LISTENER;
    this.policies = options.policies ?? NO_POLICIES;
    this.maxEvidenceBytes = options.maxEvidenceBytes ?? DEFAULT_MAX_EVIDENCE_BYTES;
  }

  private estate(): Estate {
    const estate = this.options.estate();
    if (!estate) throw new OrcError("infrastructure-unavailable", "no estate is loaded");
    return estate;
  }

  private get db(): Db {
    return this.options.db;
  }

  /** Creates a draft release; the tier defaults to the suggested one. */
  async create(request: ReleaseRequest, by: Principal): Promise<Release> {
    const estate = this.estate();
    if (!findTenant(estate, request.tenant)) {
      throw invalid(
        "body.tenant",
        `no tenant ${request.tenant} in the estate; tenants are ${estate.tenants.map((t) => t.name).join(", ")}`,
      );
    }
    const environments = this.resolveEnvironments(estate, request.tenant, request.environments);
    const views = environments.map((id) => findEnvironment(estate, id) as EnvironmentView);
    let tier = request.tier;
    if (tier === undefined) {
      const suggestion = suggestTier(estate, request.plan, views);
      if (suggestion.tier === undefined)
        throw invalid("body.tier", `give a tier: ${suggestion.why.join("; ")}`);
      tier = suggestion.tier;
    } else if (!findTier(estate, tier)) {
      throw invalid(
        "body.tier",
        `no tier ${tier} in the estate; tiers are ${estate.tiers.map((t) => t.name).join(", ")}`,
      );
    }
    const at = this.options.now().toISOString();
    const draft: Omit<Release, "id"> = {
      version: 1,
      tenant: request.tenant,
      environments,
      addons: request.addons,
      imageDigest: request.imageDigest,
      plan: request.plan,
      planHash: planHash(request.plan),
      tier,
      summary: request.summary,
      rollbackIntent: request.rollbackIntent,
      ...(request.requestedStart ? { requestedStart: new Date(request.requestedStart).toISOString() } : {}),
      duration: request.duration ?? DEFAULT_RELEASE_DURATION,
      requester: by.user,
      authors: request.authors,
      state: "draft",
      createdAt: at,
      updatedAt: at,
    };
    return this.db.transaction(async (tx) => {
      const id = await insertRelease(tx, draft);
      const release: Release = { ...draft, id };
      await insertTransition(tx, {
        releaseId: id,
        action: "create",
        from: "draft",
        to: "draft",
        actor: auditActor(by),
        at,
        details: {},
      });
      await this.options.audit.record(tx, {
        actor: auditActor(by),
        action: "release.created",
        subjectType: "release",
        subjectId: String(id),
        payload: {
          tenant: release.tenant,
          environments: release.environments,
          tier,
          tierSuggested: request.tier === undefined,
          planHash: release.planHash,
          imageDigest: release.imageDigest,
        },
      });
      return release;
    });
  }

  /** `tenant/env` ids along one promotion path, or a validation error naming the problem. */
  private resolveEnvironments(estate: Estate, tenant: string, refs: readonly string[]): string[] {
    const ids: string[] = [];
    refs.forEach((ref, i) => {
      const parsed = parseEnvironmentReference(ref, tenant);
      const view = parsed ? findEnvironment(estate, `${parsed.tenant}/${parsed.environment}`) : undefined;
      if (!view) throw invalid(`body.environments.${i}`, `no environment ${ref} in the estate`);
      if (view.tenant.name !== tenant)
        throw invalid(`body.environments.${i}`, `environment ${view.id} is not one of tenant ${tenant}'s`);
      if (ids.includes(view.id))
        throw invalid(`body.environments.${i}`, `environment ${view.id} is listed twice`);
      ids.push(view.id);
    });
    for (let i = 1; i < ids.length; i++) {
      const path = promotionPath(estate, ids[i] as string).map((v) => v.id);
      if (!path.includes(ids[i - 1] as string)) {
        throw invalid(
          `body.environments.${i}`,
          `environments must follow the promotion path, first to last: ${ids[i]} is not promoted from ${ids[i - 1]} (its path is ${path.join(" → ")})`,
        );
      }
    }
    return ids;
  }

  async get(id: number): Promise<ReleaseDetail> {
    const release = await findRelease(this.db, id);
    if (!release) throw notFound(id);
    const [approvals, history] = [await listApprovals(this.db, id), await listTransitions(this.db, id)];
    return { release, approvals, history };
  }

  list(filter: ReleaseFilter): Promise<ReleaseSummary[]> {
    return listReleases(this.db, filter);
  }

  /**
   * Locks the release, runs `command` on it and writes what it returns: the release, the transition, an
   * audit event and, when the state moved to one people hear about, the lifecycle event.
   */
  private async change<T extends { readonly transition?: Transition }>(
    id: number,
    by: Principal,
    action: string,
    command: (tx: Queryable, release: Release) => Promise<Extract<Outcome<T>, { ok: true }>>,
    payload: (before: Release, after: Extract<Outcome<T>, { ok: true }>) => Record<string, unknown>,
  ): Promise<Extract<Outcome<T>, { ok: true }>> {
    return this.db.transaction(async (tx) => {
      const before = await lockRelease(tx, id);
      if (!before) throw notFound(id);
      const out = await command(tx, before);
      const after = out.release;
      if (after !== before) {
        if (!(await updateRelease(tx, after, before.version)))
          throw new OrcError("conflict", `release ${id} changed meanwhile; try again`);
      }
      const at = this.options.now().toISOString();
      if (out.transition) {
        await insertTransition(tx, {
          releaseId: id,
          ...out.transition,
          actor: auditActor(by),
          at,
          details: {},
        });
      }
      await this.options.audit.record(tx, {
        actor: auditActor(by),
        action,
        subjectType: "release",
        subjectId: String(id),
        payload: {
          ...(out.transition ? { from: out.transition.from, to: out.transition.to } : {}),
          version: after.version,
          ...payload(before, out),
        },
      });
      // An edit that unschedules a release (a new duration) is not news; one that voids the approvals
      // is a new submission: approvers must look again.
      const t = out.transition;
      const event = t && !(t.action === "edit" && t.to === "approved") ? EVENT_OF[t.to] : undefined;
      if (event) await this.emit(tx, after, event, by, at);
      if (out.transition?.action === "complete" && after.review)
        await this.emit(tx, after, "review-due", by, at);
      return out;
    });
  }

  private emit(tx: Queryable, release: Release, event: NotificationEvent, by: Principal, at: string) {
    return this.listener.onEvent(tx, {
      releaseId: release.id,
      event,
      tier: release.tier,
      environments: release.environments,
      actor: auditActor(by),
      at,
    });
  }

  /**
   * Changes a release at `version` (409 when it moved on). A new plan, image, addons, authors or tier
   * voids every active approval and sends an approved or scheduled release back to submitted.
   */
  async update(id: number, version: number, patch: ReleasePatch, by: Principal): Promise<Release> {
    const estate = this.estate();
    if (patch.tier !== undefined && !findTier(estate, patch.tier)) {
      throw invalid("body.tier", `no tier ${patch.tier} in the estate`);
    }
    const out = await this.change(
      id,
      by,
      "release.changed",
      async (tx, release) => {
        if (release.version !== version) {
          throw new OrcError(
            "conflict",
            `release ${id} is at version ${release.version}, the change was made to version ${version}: read it again`,
          );
        }
        const approvals = await listApprovals(tx, id);
        const result = unwrap(
          changeRelease({ release, approvals, actor: by, patch, at: this.options.now() }),
        );
        await voidApprovals(
          tx,
          id,
          result.voided,
          this.options.now().toISOString(),
          `${result.changed.filter((c) => ["plan", "imageDigest", "addons", "authors", "tier"].includes(c)).join(", ")} changed`,
        );
        return result;
      },
      (before, r) => ({
        changed: r.changed,
        voided: r.voided.length,
        ...(before.planHash !== r.release.planHash ? { planHash: r.release.planHash } : {}),
        ...(before.imageDigest !== r.release.imageDigest ? { imageDigest: r.release.imageDigest } : {}),
      }),
    );
    return out.release;
  }

  async submit(id: number, by: Principal): Promise<Release> {
    const out = await this.change(
      id,
      by,
      "release.submitted",
      async (_tx, release) => unwrap(submitRelease(release, by, this.options.now())),
      () => ({}),
    );
    return out.release;
  }

  async cancel(id: number, by: Principal): Promise<Release> {
    const out = await this.change(
      id,
      by,
      "release.cancelled",
      async (_tx, release) => unwrap(cancelRelease(release, by, this.options.now())),
      () => ({}),
    );
    return out.release;
  }

  /** Records an approval or a rejection, bound to the plan hash and image digest the approver sent. */
  async vote(
    id: number,
    decision: "approve" | "reject",
    input: ApprovalInput,
    by: Principal,
  ): Promise<{ release: Release; approval: ApprovalRecord }> {
    const estate = this.estate();
    let recorded: ApprovalRecord | undefined;
    const out = await this.change(
      id,
      by,
      decision === "approve" ? "release.approved" : "release.rejected",
      async (tx, release) => {
        const approvals = await listApprovals(tx, id);
        const result = unwrap(
          recordApproval({
            release,
            approvals,
            tier: findTier(estate, release.tier),
            actor: by,
            decision,
            input,
            people: estate.roles,
            extraRoles: freezeApprovalRoles(estate, release),
            at: this.options.now(),
          }),
        );
        try {
          recorded = await insertApproval(tx, result.approval);
        } catch (e) {
          if (isUniqueViolation(e))
            throw new OrcError("conflict", `${by.user} already voted on release ${id}`);
          throw e;
        }
        return result;
      },
      (_b, r) => ({
        role: r.approval.role,
        decision,
        planHash: r.approval.planHash,
        imageDigest: r.approval.imageDigest,
        ...(r.approval.comment ? { comment: r.approval.comment } : {}),
      }),
    );
    return { release: out.release, approval: recorded as ApprovalRecord };
  }

  /**
   * Schedules the release at `start`, refused (409, with every blocking reason) unless the decision for
   * the release at that start allows it. Releases being scheduled on the same environment queue on a
   * per-environment lock, so two schedules never both miss each other.
   */
  async schedule(
    id: number,
    start: Date,
    by: Principal,
  ): Promise<{ release: Release; decision: ReleaseDecision }> {
    const estate = this.estate();
    const section = await this.calendarSection(estate);
    const out = await this.change(
      id,
      by,
      "release.scheduled",
      async (tx, release) => {
        await lockEnvironments(tx, release.environments);
        const data = await this.decisionData(tx, id);
        return unwrap(
          scheduleRelease({
            release,
            actor: by,
            start,
            at: this.options.now(),
            decide: (candidate) => this.decideWith(estate, section, { ...data, release: candidate }, start),
          }),
        );
      },
      (_b, r) => ({ scheduledStart: r.release.scheduledStart ?? null }),
    );
    return { release: out.release, decision: out.decision };
  }

  /** Starts the run (the engine's step; admin until it exists): refused unless the decision now allows it. */
  async start(id: number, by: Principal): Promise<Release> {
    const estate = this.estate();
    const section = await this.calendarSection(estate);
    const out = await this.change(
      id,
      by,
      "release.started",
      async (tx, release) => {
        await lockEnvironments(tx, release.environments);
        const now = this.options.now();
        const data = await this.decisionData(tx, id);
        const decision = this.decideWith(estate, section, { ...data, release }, now);
        return unwrap(startRelease({ release, actor: by, decision, at: now }));
      },
      () => ({}),
    );
    return out.release;
  }

  /** Records how the run ended (the engine's step; admin until it exists). */
  async complete(id: number, outcome: RunOutcome, by: Principal): Promise<Release> {
    const estate = this.estate();
    const out = await this.change(
      id,
      by,
      "release.completed",
      async (_tx, release) =>
        unwrap(
          completeRelease({
            release,
            actor: by,
            outcome,
            tier: findTier(estate, release.tier),
            at: this.options.now(),
          }),
        ),
      (_b, r) => ({ outcome, ...(r.release.review ? { reviewDueAt: r.release.review.dueAt } : {}) }),
    );
    return out.release;
  }

  /** Files the post-implementation review. */
  async review(id: number, outcome: ReviewOutcome, notes: string, by: Principal): Promise<Release> {
    const out = await this.change(
      id,
      by,
      "release.reviewed",
      async (_tx, release) =>
        unwrap(fileReview({ release, actor: by, outcome, notes, at: this.options.now() })),
      (_b, r) => ({ outcome, dueAt: r.release.review?.dueAt ?? null }),
    );
    return out.release;
  }

  /** Releases whose review is not filed yet; with `overdue`, only those past due. */
  reviews(overdue: boolean): Promise<ReleaseSummary[]> {
    return listOpenReviews(this.db, overdue ? this.options.now() : undefined);
  }

  /**
   * Parses an uploaded report with the real parser for its type and stores the parsed report with the
   * file's SHA-256, the uploader and the time. A malformed report is refused (422, each problem with its
   * line and column) and nothing is stored; one above the size limit is refused with 413.
   */
  async addEvidence(id: number, upload: EvidenceUpload, by: Principal): Promise<EvidenceInfo> {
    const sizeBytes = Buffer.byteLength(upload.content, "utf8");
    if (sizeBytes > this.maxEvidenceBytes) {
      const d = evidenceTooLargeDiagnostic(upload.fileName, this.maxEvidenceBytes);
      throw new OrcError("payload-too-large", `${upload.fileName}: ${d.message}`, {
        errors: diagnosticFields([d]),
      });
    }
    if (upload.gate !== undefined && !gatesAccepting(upload.type).includes(upload.gate)) {
      throw invalid(
        "body.gate",
        `${upload.type} evidence cannot answer the ${upload.gate} gate (it can answer ${gatesAccepting(upload.type).join(" or ")})`,
      );
    }
    const parsed = parseEvidence(upload.type, upload.content, upload.fileName, {
      maxBytes: this.maxEvidenceBytes,
    });
    if (!parsed.ok) {
      const first = parsed.diagnostics[0];
      throw new OrcError(
        "validation-failed",
        `${upload.fileName} is not a valid ${upload.type} report${first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : ""}; nothing was stored`,
        { errors: diagnosticFields(parsed.diagnostics) },
      );
    }
    const at = this.options.now().toISOString();
    const sha256 = createHash("sha256").update(upload.content, "utf8").digest("hex");
    const base = {
      type: upload.type,
      sha256,
      uploadedBy: by.user,
      uploadedAt: at,
      fileName: upload.fileName,
      ...(upload.gate ? { gate: upload.gate } : {}),
      report: parsed.report,
    };
    const gate = gateOfEvidence({ ...base, id: "new" } as Evidence);
    return this.db.transaction(async (tx) => {
      const release = await lockRelease(tx, id);
      if (!release) throw notFound(id);
      if (isFinal(release.state)) {
        throw new OrcError(
          "invalid-transition",
          `release ${id} is ${release.state}: evidence no longer counts`,
        );
      }
      const stored = {
        ...base,
        gate,
        releaseId: id,
        sizeBytes,
        warnings: parsed.warnings,
      };
      const evidenceId = await insertEvidence(tx, stored);
      await this.options.audit.record(tx, {
        actor: auditActor(by),
        action: "release.evidence-added",
        subjectType: "release",
        subjectId: String(id),
        payload: {
          evidence: evidenceId,
          type: upload.type,
          gate,
          sha256,
          fileName: upload.fileName,
          sizeBytes,
        },
      });
      const { report: _r, ...info } = { ...stored, id: evidenceId };
      return info as EvidenceInfo;
    });
  }

  async evidence(id: number): Promise<EvidenceInfo[]> {
    if (!(await findRelease(this.db, id))) throw notFound(id);
    return listEvidence(this.db, id);
  }

  /** One piece of evidence with its parsed report (failing tests, vulnerabilities, findings…). */
  async evidenceReport(id: number, evidenceId: number): Promise<EvidenceInfo & { readonly report: unknown }> {
    if (!(await findRelease(this.db, id))) throw notFound(id);
    const found = await findEvidence(this.db, id, evidenceId);
    if (!found) throw new OrcError("not-found", `release ${id} has no evidence ${evidenceId}`);
    return found;
  }

  /** Records a waiver: one blocker of a gate accepted, by an owner, for a reason, until an expiry. */
  async addWaiver(id: number, waiver: Omit<Waiver, "createdAt">, by: Principal): Promise<StoredWaiver> {
    if (Date.parse(waiver.expiresAt) <= this.options.now().getTime()) {
      throw invalid("body.expiresAt", "the waiver's expiry must be in the future");
    }
    return this.db.transaction(async (tx) => {
      const release = await lockRelease(tx, id);
      if (!release) throw notFound(id);
      const stored = await insertWaiver(tx, {
        ...waiver,
        expiresAt: new Date(waiver.expiresAt).toISOString(),
        releaseId: id,
        createdAt: this.options.now().toISOString(),
        createdBy: by.user,
      });
      await this.options.audit.record(tx, {
        actor: auditActor(by),
        action: "release.waiver-added",
        subjectType: "release",
        subjectId: String(id),
        payload: {
          waiver: stored.id,
          gate: stored.gate,
          subject: stored.subject,
          owner: stored.owner,
          expiresAt: stored.expiresAt,
        },
      });
      return stored;
    });
  }

  async waivers(id: number): Promise<StoredWaiver[]> {
    if (!(await findRelease(this.db, id))) throw notFound(id);
    return listWaivers(this.db, id);
  }

  private async decisionData(q: Queryable, id: number): Promise<DecisionData> {
    const data = await loadDecisionData(q, id, this.options.now());
    if (!data) throw notFound(id);
    return data;
  }

  /** The calendars decisions use: those in force (estate and overlay) when known, else the estate's. */
  private async calendarSection(estate: Estate): Promise<CalendarSection> {
    if (this.options.calendars) return this.options.calendars();
    return { regions: estate.regions, calendars: estate.calendars } as CalendarSection;
  }

  private decideWith(
    estate: Estate,
    calendars: CalendarSection,
    data: DecisionData,
    at: Date,
    environments?: readonly string[],
  ): ReleaseDecision {
    const { release } = data;
    const tier = findTier(estate, release.tier);
    const views = (environments ?? release.environments)
      .map((e) => findEnvironment(estate, e))
      .filter((v): v is EnvironmentView => v !== undefined);
    const policyResults = this.policies.evaluate({
      estate,
      release,
      tier,
      environments: views,
      at,
      approvals: data.approvals,
      evidenceGates: data.evidence.map(gateOfEvidence),
    });
    return decideRelease({
      estate,
      release,
      approvals: data.approvals,
      evidence: data.evidence,
      waivers: data.waivers,
      otherReleases: data.scheduled.map((s) => ({
        id: s.id,
        tier: s.tier,
        state: s.state,
        environments: s.environments,
        start: s.start,
        duration: s.duration,
        disruptive: isDisruptive(findTier(estate, s.tier), s.planStrategy),
      })),
      overdueReviews: data.overdueReviews,
      policyResults,
      calendars,
      at,
      ...(environments ? { environments } : {}),
    });
  }

  /** May the release start at `at` (default now) on `environment` (default all of its environments)? */
  async decision(id: number, options: { environment?: string; at?: Date } = {}): Promise<ReleaseDecision> {
    const estate = this.estate();
    const section = await this.calendarSection(estate);
    const data = await this.decisionData(this.db, id);
    let environments: string[] | undefined;
    if (options.environment !== undefined) {
      const parsed = parseEnvironmentReference(options.environment, data.release.tenant);
      const envId = parsed ? `${parsed.tenant}/${parsed.environment}` : options.environment;
      if (!data.release.environments.includes(envId)) {
        throw new OrcError(
          "bad-request",
          `release ${id} does not go to ${options.environment}; its environments are ${data.release.environments.join(", ")}`,
        );
      }
      environments = [envId];
    }
    return this.decideWith(estate, section, data, options.at ?? this.options.now(), environments);
  }
}

function notFound(id: number): OrcError {
  return new OrcError("not-found", `release ${id} does not exist`, { id });
}

/**
 * Serializes schedule changes per environment (a transaction-scoped advisory lock per environment,
 * taken in name order so two releases sharing environments never deadlock).
 */
async function lockEnvironments(tx: Queryable, environments: readonly string[]): Promise<void> {
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('orc:schedule:' || e, 0))
     FROM (SELECT DISTINCT unnest($1::text[]) AS e ORDER BY 1) envs`,
    [[...environments]],
  );
}
