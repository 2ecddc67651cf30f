import { Temporal } from "temporal-polyfill";
import { conflicts, type ScheduledRelease } from "../calendar/conflicts.js";
import { decide, type Decision as CalendarDecision, type Exemption } from "../calendar/decide.js";
import type { EnvironmentContext } from "../calendar/environment.js";
import type { CalendarSection } from "../calendar/spec.js";
import { approximateSeconds, formatDuration, parseIsoDuration } from "../estate/duration.js";
import type { Estate } from "../estate/estate.js";
import { calendarContext, findEnvironment, findTier, type EnvironmentView } from "../estate/queries.js";
import type { EvidenceGate, Tier } from "../estate/tier.js";
import type { Evidence } from "../evidence/evidence.js";
import { evaluateGate } from "../evidence/gates/evaluate-gate.js";
import type { EvidencePolicy } from "../evidence/gates/evidence-policy.js";
import { listNames, plural, type GateEvaluation } from "../evidence/gates/gate-evaluation.js";
import type { Waiver } from "../evidence/gates/waiver.js";
import {
  approvalRequirements,
  evaluateApprovals,
  type ApprovalRecord,
  type ApprovalStatus,
} from "./approval.js";
import type { EnvironmentDecision, ReleaseDecision, ReleaseReason } from "./decision.js";
import { isDisruptiveStrategy, upgradedModules } from "./plan-document.js";
import type { PolicyVerdict } from "./policy-verdict.js";
import type { Release } from "./release.js";
import { isFinal, type ReleaseState } from "./release-state.js";
import type { OverdueReview } from "./review.js";
import { suggestTier } from "./suggest-tier.js";

/** Another release on the schedule (scheduled or running), as conflicts need it. */
export interface ScheduledReleaseRef {
  readonly id: number;
  readonly tier: string;
  readonly state: ReleaseState;
  readonly environments: readonly string[];
  /** ISO 8601 instant: its scheduled start (or when it started running). */
  readonly start: string;
  /** ISO 8601 duration on each environment. */
  readonly duration: string;
  readonly disruptive: boolean;
}

/** Everything {@link decideRelease} needs; the service loads it, nothing here does I/O. */
export interface ReleaseDecisionInput {
  readonly estate: Estate;
  readonly release: Release;
  /** Every approval of the release, voided ones included. */
  readonly approvals: readonly ApprovalRecord[];
  /** The release's evidence (the latest per gate is enough). */
  readonly evidence: readonly Evidence[];
  readonly waivers: readonly Waiver[];
  /** Releases scheduled or running on the release's environments (the release itself is ignored). */
  readonly otherReleases: readonly ScheduledReleaseRef[];
  /** Overdue post-implementation reviews on the release's environments (the release's own is ignored). */
  readonly overdueReviews: readonly OverdueReview[];
  /** Results of the organization's rules (policy as code) for this release; empty until policies exist. */
  readonly policyResults: readonly PolicyVerdict[];
  /**
   * The calendars in force (the estate's plus windows added through the API and imported ones).
   * @default the estate's own calendars
   */
  readonly calendars?: CalendarSection;
  /** The start asked about. */
  readonly at: Date;
  /** Decide for these environments only. @default all of the release's */
  readonly environments?: readonly string[];
  /** @default DEFAULT_EVIDENCE_POLICY */
  readonly evidencePolicy?: EvidencePolicy;
  /** How far ahead the calendar looks for the next allowed start. @default 180 */
  readonly horizonDays?: number;
}

// A tier name no window can exempt: asks the calendar for the next start outside every freeze.
const NEVER_EXEMPT = "\u0000no-tier";

function stateReasons(release: Release, at: Date): ReleaseReason[] {
  const id = release.id;
  switch (release.state) {
    case "draft":
      return [
        {
          code: "release-draft",
          blocking: true,
          message: `release ${id} is a draft`,
          unblock: `submit it for approval: orc release submit ${id}`,
        },
      ];
    case "submitted":
      return [
        {
          code: "release-not-scheduled",
          blocking: true,
          message: `release ${id} is submitted: it needs its approvals, then a schedule`,
          unblock: `get the approvals listed here, then schedule it: orc release schedule ${id} --at <start>`,
        },
      ];
    case "approved":
      return [
        {
          code: "release-not-scheduled",
          blocking: true,
          message: `release ${id} is approved but not scheduled`,
          unblock: `schedule it: orc release schedule ${id} --at <start>`,
        },
      ];
    case "scheduled": {
      const start = release.scheduledStart;
      if (start === undefined || Date.parse(start) <= at.getTime()) return [];
      return [
        {
          code: "before-scheduled-start",
          blocking: true,
          message: `release ${id} is scheduled to start at ${start}`,
          unblock: `wait until ${start}, or reschedule it: orc release schedule ${id} --at <start>`,
          details: { scheduledStart: start },
        },
      ];
    }
    case "running":
      return [
        {
          code: "release-running",
          blocking: true,
          message: `release ${id} is already running${release.startedAt ? ` (since ${release.startedAt})` : ""}`,
        },
      ];
    default:
      return isFinal(release.state)
        ? [
            {
              code: "release-closed",
              blocking: true,
              message: `release ${id} is ${release.state}: it never runs again`,
              unblock: "create a new release",
            },
          ]
        : [];
  }
}

/** Minutes of contiguous maintenance time from `startMs` on, from the calendar's inside-window reasons. */
function maintenanceMinutesLeft(d: CalendarDecision, startMs: number): number | undefined {
  const spans = d.reasons
    .filter((r) => r.code === "inside-maintenance-window" && r.occurrence)
    .map((r) => [r.occurrence!.startMs, r.occurrence!.endMs] as const)
    .sort((a, b) => a[0] - b[0]);
  let end: number | undefined;
  for (const [s, e] of spans) {
    if (end === undefined ? s <= startMs && startMs < e : s <= end) end = Math.max(end ?? e, e);
  }
  return end === undefined ? undefined : Math.floor((end - startMs) / 60_000);
}

function nextStartSentence(d: CalendarDecision, id: number): string {
  if (d.next === undefined) {
    return "no start within the search horizon is allowed on this environment: ask the calendar owners, or change the tier";
  }
  return `the next allowed start on ${d.environment} is ${d.nextLocal?.replace("T", " ")} ${d.timezone} (${d.next.toString()}): orc release schedule ${id} --at ${d.next.toString()}`;
}

interface CalendarOutcome {
  readonly summary: EnvironmentDecision;
  readonly reasons: ReleaseReason[];
  /** Exemptions whose extra approvals the release needs (empty when the tier may not run in freezes). */
  readonly exemptions: readonly Exemption[];
}

function decideCalendar(
  view: EnvironmentView,
  release: Release,
  tier: Tier | undefined,
  section: CalendarSection,
  at: Date,
  disruptive: boolean,
  horizonDays: number | undefined,
): CalendarOutcome {
  const environment: EnvironmentContext = calendarContext(view);
  const start = Temporal.Instant.fromEpochMilliseconds(at.getTime());
  const ask = (tierName: string) =>
    decide(
      {
        environment,
        tier: tierName,
        start,
        duration: release.duration,
        disruptive,
        ...(horizonDays !== undefined ? { horizonDays } : {}),
      },
      section,
    );
  const d = ask(release.tier);
  // The window may exempt the tier, but a tier that is not allowed in freezes stays out of all of them.
  const freezeForbidden = tier !== undefined && !tier.allowedInFreeze && d.exemptions.length > 0;
  const strict = freezeForbidden ? ask(NEVER_EXEMPT) : d;
  const reasons: ReleaseReason[] = [];
  const env = view.id;
  const windowDetails = (o: NonNullable<CalendarDecision["reasons"][number]["occurrence"]>) => ({
    calendar: o.calendar,
    window: o.window.name,
    kind: o.kind,
    start: new Date(o.startMs).toISOString(),
    end: new Date(o.endMs).toISOString(),
  });
  const next = strict.next
    ? { next: strict.next.toString(), nextLocal: strict.nextLocal, timezone: strict.timezone }
    : {};
  for (const r of d.reasons) {
    const details = { ...(r.occurrence ? windowDetails(r.occurrence) : {}), ...next };
    if (r.code === "no-window-applies") continue;
    if (r.code === "freeze-exempt" && freezeForbidden) {
      reasons.push({
        code: "tier-not-allowed-in-freeze",
        blocking: true,
        message: `${r.message.replace(/; tier .* is exempt.*$/, "")}; the window exempts tier ${release.tier}, but the tier is not allowed in freezes (allowedInFreeze: false)`,
        unblock: nextStartSentence(strict, release.id),
        environment: env,
        details,
      });
      continue;
    }
    reasons.push({
      code: r.code,
      blocking: r.blocking,
      message: r.message,
      ...(r.blocking ? { unblock: nextStartSentence(strict, release.id) } : {}),
      environment: env,
      details,
    });
  }
  const windowMinutes = disruptive ? maintenanceMinutesLeft(d, at.getTime()) : undefined;
  const allowed = d.allowed && !freezeForbidden;
  return {
    summary: {
      environment: env,
      allowed,
      disruptive,
      timezone: d.timezone,
      localStart: d.localStart,
      ...(!allowed && strict.next ? { next: strict.next.toString(), nextLocal: strict.nextLocal } : {}),
      exemptions: d.exemptions,
      ...(windowMinutes !== undefined ? { windowMinutes } : {}),
    },
    reasons,
    exemptions: freezeForbidden ? [] : d.exemptions,
  };
}

function approvalReasons(release: Release, statuses: readonly ApprovalStatus[]): ReleaseReason[] {
  const out: ReleaseReason[] = [];
  for (const s of statuses) {
    if (s.missing === 0) continue;
    const has = s.approvedBy.length ? `has ${s.approvedBy.length} (${s.approvedBy.join(", ")})` : "has none";
    const freezes =
      s.freezeCount > 0
        ? ` (${s.tierCount} for tier ${release.tier}, ${s.freezeCount} more because ${listNames(s.freezes)} ${s.freezes.length === 1 ? "exempts" : "exempt"} the tier only with it)`
        : "";
    const who: string[] = [];
    if (s.eligible.length) who.push(`${listNames(s.eligible, 10)} may approve`);
    if (s.groups.length)
      who.push(`anyone in ${s.groups.length === 1 ? "group" : "groups"} ${s.groups.join(", ")} (SSO)`);
    const excluded = s.excluded.length
      ? `; ${s.excluded.map((e) => `${e.user} ${e.reason}`).join(", ")} and cannot (separation of duties)`
      : "";
    const short = s.eligible.length < s.missing && s.groups.length === 0;
    const unblock =
      who.length > 0
        ? `${plural(s.missing, "more approval")} by ${s.role}: ${who.join(", or ")}${excluded} — orc release approve ${release.id} --role ${s.role}${short ? `; only ${s.eligible.length} eligible, give the ${s.role} role to more people` : ""}`
        : `nobody can still approve as ${s.role}${excluded}: give the ${s.role} role to someone in the estate`;
    const tierPart = Math.max(0, s.tierCount - s.approvedBy.length);
    out.push({
      code: tierPart > 0 ? "approval-missing" : "freeze-approval-missing",
      blocking: true,
      message: `needs ${plural(s.required, "approval")} by ${s.role}${freezes}; ${has}`,
      unblock,
      details: {
        role: s.role,
        required: s.required,
        tierCount: s.tierCount,
        freezeCount: s.freezeCount,
        freezes: s.freezes,
        approvedBy: s.approvedBy,
        missing: s.missing,
        eligible: s.eligible,
        groups: s.groups,
        excluded: s.excluded,
      },
    });
  }
  return out;
}

function gateReason(e: GateEvaluation, environment?: string): ReleaseReason | undefined {
  const blockers = e.reasons.filter((r) => r.blocking);
  const base = {
    ...(environment ? { environment } : {}),
    details: {
      gate: e.gate,
      status: e.status,
      ...(e.evidenceId ? { evidenceId: e.evidenceId } : {}),
      blockers: blockers.map((r) => ({
        code: r.code,
        message: r.message,
        ...(r.subject ? { subject: r.subject } : {}),
      })),
    },
  };
  switch (e.status) {
    case "pass":
      return undefined;
    case "waived":
      return { code: "gate-waived", blocking: false, message: `gate ${e.gate}: ${e.summary}`, ...base };
    case "missing":
      return {
        code: "gate-missing",
        blocking: true,
        message: `gate ${e.gate}: ${e.summary}`,
        ...(e.unblock ? { unblock: e.unblock } : {}),
        ...base,
      };
    case "fail": {
      const shown = blockers.slice(0, 5).map((r) => r.message);
      const more = blockers.length > 5 ? `; and ${blockers.length - 5} more` : "";
      return {
        code: "gate-failed",
        blocking: true,
        message: `gate ${e.gate}: ${e.summary}${shown.length ? ` — ${shown.join("; ")}${more}` : ""}`,
        ...(e.unblock ? { unblock: e.unblock } : {}),
        ...base,
      };
    }
  }
}

/** The gates a release must pass: the tier's, plus `rehearsal` when the tier or the plan demands one. */
export function requiredGates(tier: Tier | undefined, release: Pick<Release, "plan">): EvidenceGate[] {
  const gates: EvidenceGate[] = [...(tier?.gates ?? [])];
  if ((tier?.requiresRehearsal || release.plan.strategy.kind === "rehearsal") && !gates.includes("rehearsal"))
    gates.push("rehearsal");
  return gates;
}

/**
 * True when a release of the tier whose plan has this rollout strategy must run inside a maintenance
 * window: the tier says so, or the plan's `odoo -u` is disruptive.
 */
export function isDisruptive(tier: Tier | undefined, strategy: string): boolean {
  return (tier?.requiresMaintenanceWindow ?? false) || isDisruptiveStrategy(strategy);
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.includes(x));
}

/**
 * Decides whether a release may start at `at`, combining every rule: its state, the tier's approvals
 * (quorum per role, separation of duties, votes bound to the plan hash and image digest) and the extra
 * approvals of exempting freezes, the evidence gates (with waivers), the calendar of each environment
 * (freezes, maintenance windows for disruptive plans, next allowed start), releases already scheduled on
 * the same environments, the tier's lead time, the organization's rules, overdue post-implementation
 * reviews, and the plan itself (errors, an unsafe rollback intent). Pure and deterministic.
 */
export function decideRelease(input: ReleaseDecisionInput): ReleaseDecision {
  const { estate, release, at } = input;
  const tier = findTier(estate, release.tier);
  const reasons: ReleaseReason[] = [...stateReasons(release, at)];
  if (!tier) {
    reasons.push({
      code: "tier-unknown",
      blocking: true,
      message: `tier ${release.tier} is not in the estate`,
      unblock: `give the release one of the estate's tiers: ${estate.tiers.map((t) => t.name).join(", ")}`,
    });
  }

  // The plan.
  const plan = release.plan;
  if (plan.summary.errors > 0) {
    const errors = plan.findings.filter((f) => f.severity === "error");
    reasons.push({
      code: "plan-errors",
      blocking: true,
      message: `the plan has ${plural(plan.summary.errors, "error")}: ${errors
        .slice(0, 5)
        .map((f) => `${f.code}${f.module ? ` (${f.module})` : ""}: ${f.message}`)
        .join("; ")}`,
      unblock: "fix the findings, run orc plan --json again and attach the new plan to the release",
      details: {
        findings: errors.map((f) => ({ code: f.code, module: f.module ?? null, message: f.message })),
      },
    });
  }
  const schema =
    plan.impact.overall === "schema" ||
    plan.impact.overall === "migration" ||
    plan.impact.removals.length > 0;
  if (
    release.rollbackIntent.strategy === "redeploy-previous" &&
    plan.strategy.moduleUpdate &&
    (schema || plan.impact.overall === "data")
  ) {
    reasons.push({
      code: "rollback-unsafe",
      blocking: schema,
      message: `the rollback intent is to redeploy the previous image, but the plan runs odoo -u (impact ${plan.impact.overall}): the old code would run against ${schema ? "an upgraded schema" : "reloaded data"}`,
      ...(schema ? { unblock: "change the rollback intent to restore-backup (or forward-fix)" } : {}),
    });
  }

  // Environments and their calendars.
  const wanted = input.environments ?? release.environments;
  const views: EnvironmentView[] = [];
  for (const id of wanted) {
    const v = findEnvironment(estate, id);
    if (v) views.push(v);
    else
      reasons.push({
        code: "environment-unknown",
        blocking: true,
        message: `environment ${id} is not in the estate`,
        unblock: "change the release's environments",
        environment: id,
      });
  }
  const suggestion = suggestTier(estate, plan, views);
  const disruptive = isDisruptive(tier, release.plan.strategy.kind);
  const section =
    input.calendars ?? ({ regions: estate.regions, calendars: estate.calendars } as CalendarSection);
  const calendarOutcomes = views.map((v) =>
    decideCalendar(v, release, tier, section, at, disruptive, input.horizonDays),
  );

  // Approvals.
  const exemptions = calendarOutcomes.flatMap((c) => c.exemptions);
  const requirements = approvalRequirements(tier, exemptions);
  const statuses = evaluateApprovals({
    requirements,
    approvals: input.approvals,
    release,
    tier,
    people: estate.roles,
  });
  reasons.push(...approvalReasons(release, statuses));
  const voided = input.approvals.filter((a) => a.voidedAt !== undefined);
  if (voided.length > 0) {
    reasons.push({
      code: "approvals-voided",
      blocking: false,
      message: `${plural(voided.length, "earlier approval")} (${[...new Set(voided.map((a) => a.approver))].join(", ")}) no longer ${voided.length === 1 ? "counts" : "count"}: the plan or the image changed after ${voided.length === 1 ? "it was" : "they were"} given`,
      details: {
        voided: voided.map((a) => ({ approver: a.approver, role: a.role, voidedAt: a.voidedAt ?? null })),
      },
    });
  }

  // Evidence gates: once for the release; the rehearsal per environment (its maintenance window differs).
  const gates = requiredGates(tier, release);
  const context = {
    now: at,
    waivers: input.waivers,
    ...(input.evidencePolicy ? { policy: input.evidencePolicy } : {}),
    odooSeries: plan.series,
    modules: upgradedModules(plan),
  };
  const evaluations: (GateEvaluation & { environment?: string })[] = [];
  for (const gate of gates) {
    if (gate !== "rehearsal" || calendarOutcomes.length === 0) {
      evaluations.push(evaluateGate(gate, input.evidence, context));
      continue;
    }
    for (const c of calendarOutcomes) {
      const windowMinutes = c.summary.windowMinutes;
      evaluations.push({
        ...evaluateGate(gate, input.evidence, {
          ...context,
          ...(windowMinutes !== undefined ? { windowMinutes } : {}),
        }),
        environment: c.summary.environment,
      });
    }
  }
  for (const e of evaluations) {
    const r = gateReason(e, e.environment);
    if (r) reasons.push(r);
  }

  for (const c of calendarOutcomes) reasons.push(...c.reasons);

  // Releases already on the schedule of the same environments.
  const self = String(release.id);
  for (const v of views) {
    const environment = calendarContext(v);
    const others = input.otherReleases.filter((o) => o.id !== release.id && o.environments.includes(v.id));
    if (others.length === 0) continue;
    const schedule: ScheduledRelease[] = [
      {
        id: self,
        environment,
        tier: release.tier,
        start: Temporal.Instant.fromEpochMilliseconds(at.getTime()),
        duration: release.duration,
        disruptive,
      },
      ...others.map((o) => ({
        id: String(o.id),
        environment,
        tier: o.tier,
        start: Temporal.Instant.from(o.start),
        duration: o.duration,
        disruptive: o.disruptive,
      })),
    ];
    for (const c of conflicts(schedule, section)) {
      if (c.code !== "releases-overlap" || !c.releases.includes(self)) continue;
      const other = c.releases.find((r) => r !== self) as string;
      reasons.push({
        code: "release-conflict",
        blocking: true,
        message: c.message,
        unblock: `choose a start outside release ${other}'s slot on ${v.id}, or agree on the order with its requester`,
        environment: v.id,
        details: { release: Number(other) },
      });
    }
  }

  // Lead time: from submission (or from now, for a release not submitted yet) to the start.
  if (tier) {
    const lead = parseIsoDuration(tier.minLeadTime);
    const leadMs = lead ? approximateSeconds(lead) * 1000 : 0;
    if (leadMs > 0) {
      const submitted = release.submittedAt ? new Date(release.submittedAt) : at;
      const earliest = new Date(submitted.getTime() + leadMs);
      if (at.getTime() < earliest.getTime()) {
        reasons.push({
          code: "lead-time",
          blocking: true,
          message: `tier ${tier.name} needs ${formatDuration(lead!)} between submission (${release.submittedAt ?? "not yet submitted"}) and the start; the start is ${at.toISOString()}`,
          unblock: `start at or after ${earliest.toISOString()}${release.submittedAt ? "" : " (counted from submission, which has not happened)"}`,
          details: { minLeadTime: tier.minLeadTime, earliestStart: earliest.toISOString() },
        });
      }
    }
  }

  // The organization's rules.
  for (const p of input.policyResults) {
    if (p.passed) continue;
    reasons.push({
      code: "policy-failed",
      blocking: true,
      message: `rule ${p.policy}: ${p.message}`,
      unblock:
        p.unblock ?? `change the release so that rule ${p.policy} holds, or change the rule in the estate`,
      ...(p.environment ? { environment: p.environment } : {}),
      details: { policy: p.policy },
    });
  }

  // Overdue reviews of earlier releases on the same environments. They do not hold up a tier that is
  // itself reviewed afterwards: an emergency fix never waits for paperwork.
  const overdue = input.overdueReviews.filter(
    (o) => o.releaseId !== release.id && overlaps(o.environments, wanted),
  );
  const reviewed = tier?.postImplementationReview !== undefined;
  for (const o of overdue) {
    reasons.push({
      code: "review-overdue",
      blocking: !reviewed,
      message: `the post-implementation review of release ${o.releaseId} (${o.tier}, ${o.environments.join(", ")}) was due at ${o.dueAt}${reviewed ? `; it does not hold up a ${release.tier} release` : ""}`,
      ...(!reviewed
        ? { unblock: `file it: orc release review ${o.releaseId} --outcome <outcome> --notes <text>` }
        : {}),
      details: { release: o.releaseId, dueAt: o.dueAt },
    });
  }

  if (suggestion.tier !== undefined && suggestion.tier !== release.tier) {
    reasons.push({
      code: "tier-differs-from-suggestion",
      blocking: false,
      message: `the plan and environments suggest tier ${suggestion.tier}, the release is ${release.tier}: ${suggestion.why.join("; ")}`,
      details: { suggested: suggestion.tier },
    });
  }
  if (tier?.requiresVerifiedBackup || plan.strategy.backupFirst) {
    const dbs = views.map((v) => `${v.environment.database.name} (${v.id})`);
    reasons.push({
      code: "backup-required",
      blocking: false,
      message: `the run takes and verifies a backup first${dbs.length ? `: ${dbs.join(", ")}` : ""}${tier?.requiresVerifiedBackup ? ` (tier ${release.tier})` : " (the plan's strategy)"}`,
    });
  }

  return {
    release: release.id,
    state: release.state,
    tier: release.tier,
    at: at.toISOString(),
    allowed: !reasons.some((r) => r.blocking),
    reasons,
    approvals: statuses,
    gates: evaluations,
    environments: calendarOutcomes.map((c) => c.summary),
    suggestedTier: suggestion,
  };
}
