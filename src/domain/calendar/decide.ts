import { Temporal } from "temporal-polyfill";
import { OrcError } from "../errors.js";
import { addDuration, maxSpanMs, parseDuration, type WindowDuration } from "./duration.js";
import type { EnvironmentContext } from "./environment.js";
import {
  occurrencesBetween,
  resolveEnvironment,
  spanUnion,
  type Occurrence,
  type ResolvedEnvironment,
} from "./expand.js";
import type { CalendarSection, ExemptApproval, WindowSpec } from "./spec.js";
import type { ZoneRules } from "./time-zone.js";
import { DAY_MS, formatWall, weekdayName } from "./wall-clock.js";

/** Stable codes of the reasons a decision gives. */
export type DecisionReasonCode =
  /** A freeze that does not exempt the tier is in force at the requested start (blocks). */
  | "freeze-active"
  /** A freeze that does not exempt the tier starts before the release would end (blocks). */
  | "runs-into-freeze"
  /** A freeze overlaps the release but exempts its tier (may demand approvals; does not block). */
  | "freeze-exempt"
  /** The disruptive release lies wholly inside maintenance windows (does not block). */
  | "inside-maintenance-window"
  /** The disruptive release is not wholly inside a maintenance window (blocks). */
  | "outside-maintenance-window"
  /** The release is disruptive and no maintenance window applies to the environment at all (blocks). */
  | "no-maintenance-window"
  /** Nothing in the calendars concerns this release (does not block). */
  | "no-window-applies"
  /** Blocked, and no allowed start exists within the horizon. */
  | "no-window-in-horizon";

/** One reason of a decision: a window that applied and why, or a fact about the search. */
export interface DecisionReason {
  readonly code: DecisionReasonCode;
  readonly blocking: boolean;
  /** A sentence with local and UTC times, for people. */
  readonly message: string;
  /** The occurrence that applied, when the reason is about one. */
  readonly occurrence?: Occurrence;
}

/** Extra approvals an exempt tier needs because a freeze it is exempt from overlaps the release. */
export interface Exemption {
  readonly calendar: string;
  readonly window: string;
  readonly tier: string;
  readonly approvals: readonly ExemptApproval[];
}

/** A question: may a release of `tier` start on `environment` at `start` and run for `duration`? */
export interface DecisionRequest {
  readonly environment: EnvironmentContext;
  readonly tier: string;
  readonly start: Temporal.Instant;
  /** ISO 8601 (`PT2H`) or a Temporal duration; days are nominal in the environment's zone. */
  readonly duration: Temporal.Duration | string;
  /** Whether the change must run inside a maintenance window (the planner's strategy says). @default false */
  readonly disruptive?: boolean;
  /** How far ahead to look for the next allowed start. @default 180 */
  readonly horizonDays?: number;
}

/** The answer, with every window that applied and, when blocked, the next allowed start. */
export interface Decision {
  readonly allowed: boolean;
  readonly environment: string;
  readonly tier: string;
  readonly disruptive: boolean;
  /** The environment's zone, in which the local times are given. */
  readonly timezone: string;
  readonly start: Temporal.Instant;
  readonly end: Temporal.Instant;
  readonly localStart: string;
  readonly localEnd: string;
  readonly reasons: readonly DecisionReason[];
  /** When blocked: the earliest allowed start at or after `start` within the horizon. */
  readonly next?: Temporal.Instant;
  readonly nextLocal?: string;
  readonly exemptions: readonly Exemption[];
}

/** Default horizon of the next-allowed search, in days. */
export const DEFAULT_HORIZON_DAYS = 180;

/** Parses a request duration; a malformed one is a caller bug (validate at the boundary with `IsoDuration`). */
export function requestDuration(duration: Temporal.Duration | string): WindowDuration {
  const text = typeof duration === "string" ? duration : duration.toString();
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new OrcError("bad-request", parsed.message, { duration: text });
  return parsed.value;
}

/** `Fri 2026-11-27 00:00` in the zone of `rules`. */
function localLabel(rules: ZoneRules, epochMs: number): string {
  const w = rules.toWall(epochMs);
  return `${weekdayName(w)} ${formatWall(w).replace("T", " ")}`;
}

/** `2026-11-26T23:00:00Z`, as `Temporal.Instant#toString` writes it (without its cost). */
function utcLabel(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** `Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00 Europe/Berlin (2026-11-26T23:00:00Z → 2026-11-30T23:00:00Z)` */
export function spanLabel(rules: ZoneRules, startMs: number, endMs: number): string {
  return `${localLabel(rules, startMs)} → ${localLabel(rules, endMs)} ${rules.id} (${utcLabel(startMs)} → ${utcLabel(endMs)})`;
}

function windowLabel(o: Occurrence): string {
  const zone = o.windowTimezone === o.timezone ? "" : ` [defined in ${o.windowTimezone}]`;
  return `${o.kind} ${o.calendar}/${o.window.name}${o.window.description ? ` "${o.window.description}"` : ""}${zone}`;
}

function approvalsLabel(approvals: readonly ExemptApproval[]): string {
  return approvals.map((a) => `${a.count} approval${a.count === 1 ? "" : "s"} by ${a.role}`).join(" and ");
}

type Interval = readonly [number, number];

/** Merges occurrences into sorted, disjoint intervals; touching ones join; empty ones drop. */
function union(occurrences: readonly Occurrence[]): Interval[] {
  const sorted = occurrences.filter((o) => o.endMs > o.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: [number, number][] = [];
  for (const o of sorted) {
    const last = out.at(-1);
    if (last && o.startMs <= last[1]) last[1] = Math.max(last[1], o.endMs);
    else out.push([o.startMs, o.endMs]);
  }
  return out;
}

/** Index of the first interval whose end is after `t`. */
function firstEndingAfter(intervals: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((intervals[mid] as Interval)[1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function overlapsAny(intervals: readonly Interval[], start: number, end: number): boolean {
  const i = intervals[firstEndingAfter(intervals, start)];
  return i !== undefined && i[0] < end;
}

function containedIn(intervals: readonly Interval[], start: number, end: number): boolean {
  const i = intervals[firstEndingAfter(intervals, start)];
  return i !== undefined && i[0] <= start && end <= i[1];
}

function overlaps(o: Occurrence, start: number, end: number): boolean {
  return o.endMs > o.startMs && o.startMs < end && o.endMs > start;
}

function isExempt(o: Occurrence, tier: string): boolean {
  return o.window.exemptTiers?.includes(tier) ?? false;
}

/** The outcome of checking one span against the calendars, without the next-allowed search. */
export interface SpanEvaluation {
  readonly allowed: boolean;
  readonly reasons: DecisionReason[];
  readonly exemptions: Exemption[];
}

/**
 * Checks [startMs, endMs) for a release of `tier` against the resolved windows. With
 * `allowedInFreeze` false (the tier's estate setting), no freeze exempts the tier, even one listing it.
 */
export function evaluateSpan(
  resolved: ResolvedEnvironment,
  tier: string,
  startMs: number,
  endMs: number,
  disruptive: boolean,
  allowedInFreeze = true,
): SpanEvaluation {
  const rules = resolved.display;
  const reasons: DecisionReason[] = [];
  const exemptions: Exemption[] = [];
  const applying = occurrencesBetween(resolved, startMs, endMs).filter((o) => overlaps(o, startMs, endMs));
  for (const o of applying) {
    if (o.kind !== "freeze") continue;
    const span = spanLabel(rules, o.startMs, o.endMs);
    if (allowedInFreeze && isExempt(o, tier)) {
      const approvals = o.window.exemptApprovals ?? [];
      exemptions.push({ calendar: o.calendar, window: o.window.name, tier, approvals });
      reasons.push({
        code: "freeze-exempt",
        blocking: false,
        message: `${windowLabel(o)} is in force ${span}; tier ${tier} is exempt${approvals.length ? `, with ${approvalsLabel(approvals)}` : ""}`,
        occurrence: o,
      });
      continue;
    }
    const exempt =
      !allowedInFreeze && isExempt(o, tier)
        ? " (the freeze exempts it, but the tier is not allowed in freezes)"
        : o.window.exemptTiers
          ? ` (exempt: ${o.window.exemptTiers.join(", ")})`
          : "";
    reasons.push(
      o.startMs <= startMs
        ? {
            code: "freeze-active",
            blocking: true,
            message: `${windowLabel(o)} is in force ${span}; tier ${tier} is not exempt${exempt}`,
            occurrence: o,
          }
        : {
            code: "runs-into-freeze",
            blocking: true,
            message: `the release would run until ${localLabel(rules, endMs)} ${rules.id}, into ${windowLabel(o)} from ${span}; tier ${tier} is not exempt${exempt}`,
            occurrence: o,
          },
    );
  }
  if (disruptive) {
    const maintenance = applying.filter((o) => o.kind === "maintenance");
    const request = `${localLabel(rules, startMs)} → ${localLabel(rules, endMs)} ${rules.id}`;
    if (!resolved.windows.some((w) => w.spec.kind === "maintenance")) {
      reasons.push({
        code: "no-maintenance-window",
        blocking: true,
        message: `the release is disruptive and needs a maintenance window, but no maintenance window applies to ${resolved.environment.id}`,
      });
    } else if (containedIn(union(maintenance), startMs, endMs)) {
      for (const o of maintenance) {
        reasons.push({
          code: "inside-maintenance-window",
          blocking: false,
          message: `the disruptive release (${request}) runs inside ${windowLabel(o)} ${spanLabel(rules, o.startMs, o.endMs)}`,
          occurrence: o,
        });
      }
    } else {
      const partial = maintenance[0];
      reasons.push({
        code: "outside-maintenance-window",
        blocking: true,
        message: partial
          ? `the disruptive release (${request}) does not fit wholly inside ${windowLabel(partial)} ${spanLabel(rules, partial.startMs, partial.endMs)}`
          : `the disruptive release (${request}) is not inside any maintenance window`,
        ...(partial ? { occurrence: partial } : {}),
      });
    }
  }
  if (reasons.length === 0) {
    reasons.push({
      code: "no-window-applies",
      blocking: false,
      message: `no freeze applies to ${resolved.environment.id} from ${spanLabel(rules, startMs, endMs)}`,
    });
  }
  return { allowed: !reasons.some((r) => r.blocking), reasons, exemptions };
}

/**
 * The earliest start in [startMs, horizonEndMs] at which a release of `duration` overlaps no freeze
 * that blocks `tier` and, when disruptive, lies wholly inside maintenance time. The answer is the
 * requested start, the end of a blocking freeze, or the start of maintenance time, so only those
 * candidates are tried. The horizon is searched in growing chunks (2, 4, 8… days) because the
 * answer is usually near; within a chunk the unions are exact (every span that overlaps it is seen).
 */
export function nextAllowedStart(
  resolved: ResolvedEnvironment,
  tier: string,
  startMs: number,
  duration: WindowDuration,
  disruptive: boolean,
  horizonEndMs: number,
): number | undefined {
  const rules = resolved.display;
  const reach = maxSpanMs(duration) + 1;
  const blocking = (w: WindowSpec) => w.kind === "freeze" && !(w.exemptTiers?.includes(tier) ?? false);
  const maintenance = (w: WindowSpec) => w.kind === "maintenance";
  let chunkStart = startMs;
  let chunkLength = 2 * DAY_MS;
  for (;;) {
    const chunkEnd = Math.min(chunkStart + chunkLength, horizonEndMs);
    const freezes = spanUnion(resolved, chunkStart, chunkEnd + reach, blocking);
    const allowedTime = disruptive ? spanUnion(resolved, chunkStart, chunkEnd + reach, maintenance) : [];
    const candidates = chunkStart === startMs ? [startMs] : [];
    for (const [, end] of freezes) if (end > chunkStart && end <= chunkEnd) candidates.push(end);
    for (const [start] of allowedTime) if (start > chunkStart && start <= chunkEnd) candidates.push(start);
    candidates.sort((a, b) => a - b);
    for (const t of candidates) {
      const end = addDuration(rules, t, duration);
      if (overlapsAny(freezes, t, end)) continue;
      if (disruptive && !containedIn(allowedTime, t, end)) continue;
      return t;
    }
    if (chunkEnd >= horizonEndMs) return undefined;
    chunkStart = chunkEnd;
    chunkLength *= 2;
  }
}

/**
 * Decides whether a release may start: `allowed` unless a freeze that does not exempt the tier
 * overlaps it, or it is disruptive and not wholly inside maintenance time. Every window that applied
 * is a reason; when blocked, `next` is the next allowed start within the horizon.
 */
export function decide(request: DecisionRequest, section: CalendarSection): Decision {
  const env = request.environment;
  const resolved = resolveEnvironment(section, env);
  const rules = resolved.display;
  const duration = requestDuration(request.duration);
  const disruptive = request.disruptive ?? false;
  const horizonDays = request.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const startMs = request.start.epochMilliseconds;
  const endMs = addDuration(rules, startMs, duration);
  const evaluation = evaluateSpan(resolved, request.tier, startMs, endMs, disruptive);
  const base = {
    allowed: evaluation.allowed,
    environment: env.id,
    tier: request.tier,
    disruptive,
    timezone: env.timezone,
    start: request.start,
    end: Temporal.Instant.fromEpochMilliseconds(endMs),
    localStart: formatWall(rules.toWall(startMs)),
    localEnd: formatWall(rules.toWall(endMs)),
    exemptions: evaluation.exemptions,
  };
  if (evaluation.allowed) return { ...base, reasons: evaluation.reasons };
  const horizonEndMs = addDuration(rules, startMs, {
    text: `P${horizonDays}D`,
    nominalDays: horizonDays,
    exactMs: 0,
  });
  const next = nextAllowedStart(resolved, request.tier, startMs, duration, disruptive, horizonEndMs);
  if (next === undefined) {
    return {
      ...base,
      reasons: [
        ...evaluation.reasons,
        {
          code: "no-window-in-horizon",
          blocking: true,
          message: `no allowed start within ${horizonDays} days, until ${localLabel(rules, horizonEndMs)} ${rules.id} (${utcLabel(horizonEndMs)})`,
        },
      ],
    };
  }
  return {
    ...base,
    reasons: evaluation.reasons,
    next: Temporal.Instant.fromEpochMilliseconds(next),
    nextLocal: formatWall(rules.toWall(next)),
  };
}
