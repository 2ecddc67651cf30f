import { resolveEnvironment, type ResolvedEnvironment } from "../calendar/expand.js";
import { occurrencesBetween } from "../calendar/expand.js";
import { zoneRules } from "../calendar/time-zone.js";
import { DAY_MS, formatWall, isoWeekday, wallFields } from "../calendar/wall-clock.js";
import { approximateSeconds, parseIsoDuration } from "../estate/duration.js";
import type { Estate } from "../estate/estate.js";
import { calendarContext, type EnvironmentView } from "../estate/queries.js";
import type { Tier } from "../estate/tier.js";
import { approvalCounts, type ApprovalRecord } from "../release/approval.js";
import type { Release } from "../release/release.js";
import { suggestTier } from "../release/suggest-tier.js";

/** What organization rules are evaluated on: a release and its context, as a decision sees them. */
export interface PolicyContext {
  readonly estate: Estate;
  readonly release: Release;
  readonly tier: Tier | undefined;
  /** The environments decided for. */
  readonly environments: readonly EnvironmentView[];
  /** The start decided for. */
  readonly at: Date;
  /** The release's approvals (voided ones included; only those that count are counted). @default none */
  readonly approvals?: readonly ApprovalRecord[];
  /** The gates the release has evidence for. @default none */
  readonly evidenceGates?: readonly string[];
}

/** `release` in a policy (see POLICY_VARIABLES for the meaning of each field). */
export interface ReleaseFacts {
  readonly id: bigint;
  readonly tenant: string;
  readonly tier: string;
  readonly suggestedTier: string;
  readonly state: string;
  readonly summary: string;
  readonly requester: string;
  readonly authors: readonly string[];
  readonly environments: readonly string[];
  readonly imageDigest: string;
  readonly addons: Readonly<Record<string, string>>;
  readonly series: string;
  readonly impact: string;
  readonly moduleImpacts: Readonly<Record<string, string>>;
  readonly changedModules: readonly string[];
  readonly upgradedModules: readonly string[];
  readonly installedModules: readonly string[];
  readonly removals: readonly string[];
  readonly strategy: string;
  readonly migrationScripts: bigint;
  readonly findings: readonly string[];
  readonly errorFindings: bigint;
  readonly rollback: string;
  readonly durationMinutes: bigint;
  readonly leadTimeHours: bigint;
  readonly approvals: bigint;
  readonly approvers: readonly string[];
  readonly evidenceGates: readonly string[];
}

/** `tier` in a policy. */
export interface TierFacts {
  readonly name: string;
  readonly known: boolean;
  readonly gates: readonly string[];
  readonly approvalRoles: readonly string[];
  readonly approvalsRequired: bigint;
  readonly allowedInFreeze: boolean;
  readonly requiresMaintenanceWindow: boolean;
  readonly requiresRehearsal: boolean;
}

/** `env` in a policy. */
export interface EnvironmentFacts {
  readonly id: string;
  readonly name: string;
  readonly tenant: string;
  readonly kind: string;
  readonly region: string;
  readonly timezone: string;
  readonly series: string;
  readonly hosting: string;
  readonly stores: bigint;
  readonly calendars: readonly string[];
  readonly promotesFrom: string;
  readonly isLast: boolean;
}

/** `calendar` in a policy: facts about the start in the environment's zone. */
export interface CalendarFacts {
  readonly localDate: string;
  readonly localTime: string;
  readonly localHour: bigint;
  readonly localWeekday: string;
  readonly localIsoWeekday: bigint;
  readonly inFreeze: boolean;
  readonly freezes: readonly string[];
  readonly inMaintenanceWindow: boolean;
  readonly daysToNextFreeze: bigint;
}

/** The CEL activation of a policy for one environment: plain values only (integers as bigint). */
export interface PolicyActivation {
  readonly release: ReleaseFacts;
  readonly tier: TierFacts;
  readonly env: EnvironmentFacts;
  readonly calendar: CalendarFacts;
  readonly at: string;
}

/** The policy input of a decision: one activation per environment decided, in order. */
export interface PolicyInput {
  readonly activations: readonly PolicyActivation[];
  /** The environment views, parallel to `activations` (scopes match on them). */
  readonly environments: readonly EnvironmentView[];
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
/** How far ahead `daysToNextFreeze` looks. */
export const FREEZE_LOOKAHEAD_DAYS = 90;

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

function releaseFacts(ctx: PolicyContext): ReleaseFacts {
  const { release, estate, at } = ctx;
  const plan = release.plan;
  const counted = (ctx.approvals ?? []).filter((a) => approvalCounts(a, release));
  const duration = parseIsoDuration(release.duration);
  const submitted = release.submittedAt ? Date.parse(release.submittedAt) : undefined;
  let suggested = "";
  try {
    suggested = suggestTier(estate, plan, ctx.environments).tier ?? "";
  } catch {
    // A suggestion is a convenience: a plan it cannot read leaves it empty.
  }
  return {
    id: BigInt(release.id),
    tenant: release.tenant,
    tier: release.tier,
    suggestedTier: suggested,
    state: release.state,
    summary: release.summary,
    requester: release.requester,
    authors: [...release.authors],
    environments: [...release.environments],
    imageDigest: release.imageDigest,
    addons: Object.fromEntries(release.addons.map((a) => [a.name, a.revision])),
    series: plan.series,
    impact: plan.impact.overall,
    moduleImpacts: Object.fromEntries(
      Object.entries(plan.impact.modules)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([m, i]) => [m, i.level]),
    ),
    changedModules: sortedUnique(plan.changed.map((c) => c.module)),
    upgradedModules: plan.upgrade.order.map((e) => e.module),
    installedModules: sortedUnique(plan.install.map((e) => e.module)),
    removals: [...plan.impact.removals],
    strategy: plan.strategy.kind,
    migrationScripts: BigInt(plan.summary.migrationScripts),
    findings: sortedUnique(plan.findings.map((f) => f.code)),
    errorFindings: BigInt(plan.findings.filter((f) => f.severity === "error").length),
    rollback: release.rollbackIntent.strategy,
    durationMinutes: BigInt(duration ? Math.round(approximateSeconds(duration) / 60) : 0),
    leadTimeHours: submitted === undefined ? -1n : BigInt(Math.floor((at.getTime() - submitted) / 3_600_000)),
    approvals: BigInt(counted.length),
    approvers: sortedUnique(counted.map((a) => a.approver)),
    evidenceGates: sortedUnique(ctx.evidenceGates ?? []),
  };
}

function tierFacts(name: string, tier: Tier | undefined): TierFacts {
  return {
    name,
    known: tier !== undefined,
    gates: [...(tier?.gates ?? [])],
    approvalRoles: (tier?.approvals ?? []).map((a) => a.role),
    approvalsRequired: BigInt((tier?.approvals ?? []).reduce((n, a) => n + a.count, 0)),
    allowedInFreeze: tier?.allowedInFreeze ?? false,
    requiresMaintenanceWindow: tier?.requiresMaintenanceWindow ?? false,
    requiresRehearsal: tier?.requiresRehearsal ?? false,
  };
}

function environmentFacts(view: EnvironmentView, release: Release): EnvironmentFacts {
  const e = view.environment;
  return {
    id: view.id,
    name: e.name,
    tenant: view.tenant.name,
    kind: e.kind,
    region: view.tenant.region,
    timezone: view.timezone ?? "UTC",
    series: e.odoo.series,
    hosting: view.hosting,
    stores: BigInt(view.tenant.stores),
    calendars: [...(e.calendars ?? [])],
    promotesFrom: view.promotesFrom ?? "",
    isLast: release.environments.at(-1) === view.id,
  };
}

/** Local time facts and the windows in force at `atMs`, from the calendar engine. */
function calendarFacts(estate: Estate, view: EnvironmentView, atMs: number): CalendarFacts {
  let resolved: ResolvedEnvironment | undefined;
  try {
    resolved = resolveEnvironment(
      { regions: estate.regions, calendars: estate.calendars },
      calendarContext(view),
    );
  } catch {
    // Only an estate that was not validated lacks a calendar or region: no windows then.
  }
  const rules = resolved?.display ?? zoneRules(view.timezone ?? "UTC");
  const wall = rules.toWall(atMs);
  const fields = wallFields(wall);
  const weekday = isoWeekday(wall);
  const local = formatWall(wall);
  let freezes: string[] = [];
  let inMaintenance = false;
  let daysToNext = -1;
  if (resolved) {
    const now = occurrencesBetween(resolved, atMs, atMs + 1);
    const covering = now.filter((o) => o.startMs <= atMs && atMs < o.endMs);
    freezes = sortedUnique(
      covering.filter((o) => o.kind === "freeze").map((o) => `${o.calendar}/${o.window.name}`),
    );
    inMaintenance = covering.some((o) => o.kind === "maintenance");
    if (freezes.length > 0) daysToNext = 0;
    else {
      const next = occurrencesBetween(resolved, atMs, atMs + FREEZE_LOOKAHEAD_DAYS * DAY_MS, "freeze").find(
        (o) => o.endMs > o.startMs && o.startMs >= atMs,
      );
      if (next) daysToNext = Math.floor((next.startMs - atMs) / DAY_MS);
    }
  }
  return {
    localDate: local.slice(0, 10),
    localTime: local.slice(11, 16),
    localHour: BigInt(fields.hour),
    localWeekday: WEEKDAYS[weekday - 1] ?? "",
    localIsoWeekday: BigInt(weekday),
    inFreeze: freezes.length > 0,
    freezes,
    inMaintenanceWindow: inMaintenance,
    daysToNextFreeze: BigInt(daysToNext),
  };
}

/**
 * The policy input of a decision: for each environment decided, the CEL activation with the release,
 * its tier, the environment and the calendar facts at the start. Calendar facts (local hour, weekday,
 * freezes) are computed here, in TypeScript, with the calendar engine's time-zone rules, so that rules
 * never do time-zone arithmetic in CEL. Pure: time is `ctx.at`.
 */
export function buildPolicyInput(ctx: PolicyContext): PolicyInput {
  const release = releaseFacts(ctx);
  const tier = tierFacts(ctx.release.tier, ctx.tier);
  const atMs = ctx.at.getTime();
  const at = ctx.at.toISOString();
  const activations = ctx.environments.map((view) => ({
    release,
    tier,
    env: environmentFacts(view, ctx.release),
    calendar: calendarFacts(ctx.estate, view, atMs),
    at,
  }));
  return { activations, environments: ctx.environments };
}
