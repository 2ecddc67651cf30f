import type { Temporal } from "temporal-polyfill";
import { evaluateSpan, requestDuration, spanLabel, type DecisionReasonCode } from "./decide.js";
import type { EnvironmentContext } from "./environment.js";
import { resolveEnvironment, type Occurrence } from "./expand.js";
import type { CalendarSection } from "./spec.js";
import { addDuration } from "./duration.js";
import { zoneRules } from "./time-zone.js";

/** A release already on the schedule of one environment. */
export interface ScheduledRelease {
  readonly id: string;
  readonly environment: EnvironmentContext;
  readonly tier: string;
  readonly start: Temporal.Instant;
  readonly duration: Temporal.Duration | string;
  /** @default false */
  readonly disruptive?: boolean;
  /** False when the tier stays out of every freeze, even one that exempts it (`allowedInFreeze`). @default true */
  readonly allowedInFreeze?: boolean;
}

/**
 * When (epoch milliseconds) a release starting at `start` on `environment` ends: days of `duration` are nominal in the
 * environment's zone, hours and minutes exact (as for decisions and conflicts).
 */
export function releaseEndMs(
  environment: Pick<EnvironmentContext, "timezone">,
  start: Temporal.Instant,
  duration: Temporal.Duration | string,
): number {
  return addDuration(zoneRules(environment.timezone), start.epochMilliseconds, requestDuration(duration));
}

/** Stable codes of schedule conflicts. */
export type ConflictCode =
  | "releases-overlap"
  | Extract<
      DecisionReasonCode,
      "freeze-active" | "runs-into-freeze" | "outside-maintenance-window" | "no-maintenance-window"
    >;

/** One problem of the schedule. */
export interface Conflict {
  readonly code: ConflictCode;
  readonly environment: string;
  /** The releases involved (two for `releases-overlap`), in schedule order. */
  readonly releases: readonly string[];
  readonly message: string;
  readonly occurrence?: Occurrence;
}

/**
 * Conflicts in a schedule: two releases on one environment that overlap in time, and releases that
 * start inside or run into a freeze not exempting their tier, or that are disruptive and not wholly
 * inside a maintenance window. Sorted by environment, then start.
 */
export function conflicts(releases: readonly ScheduledRelease[], section: CalendarSection): Conflict[] {
  const byEnvironment = new Map<string, { release: ScheduledRelease; startMs: number; endMs: number }[]>();
  const out: { conflict: Conflict; at: number }[] = [];
  for (const release of releases) {
    const resolved = resolveEnvironment(section, release.environment);
    const startMs = release.start.epochMilliseconds;
    const endMs = releaseEndMs(release.environment, release.start, release.duration);
    const list = byEnvironment.get(release.environment.id) ?? [];
    list.push({ release, startMs, endMs });
    byEnvironment.set(release.environment.id, list);
    const evaluation = evaluateSpan(
      resolved,
      release.tier,
      startMs,
      endMs,
      release.disruptive ?? false,
      release.allowedInFreeze ?? true,
    );
    for (const reason of evaluation.reasons) {
      if (!reason.blocking) continue;
      out.push({
        at: startMs,
        conflict: {
          code: reason.code as ConflictCode,
          environment: release.environment.id,
          releases: [release.id],
          message: `release ${release.id}: ${reason.message}`,
          ...(reason.occurrence ? { occurrence: reason.occurrence } : {}),
        },
      });
    }
  }
  for (const [environment, list] of byEnvironment) {
    list.sort((a, b) => a.startMs - b.startMs || (a.release.id < b.release.id ? -1 : 1));
    const rules = resolveEnvironment(section, list[0]?.release.environment as EnvironmentContext).display;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (!a) continue;
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j];
        if (!b || b.startMs >= a.endMs) break;
        out.push({
          at: b.startMs,
          conflict: {
            code: "releases-overlap",
            environment,
            releases: [a.release.id, b.release.id],
            message: `releases ${a.release.id} (${spanLabel(rules, a.startMs, a.endMs)}) and ${b.release.id} (${spanLabel(rules, b.startMs, b.endMs)}) overlap on ${environment}`,
          },
        });
      }
    }
  }
  return out
    .sort(
      (x, y) =>
        (x.conflict.environment < y.conflict.environment
          ? -1
          : x.conflict.environment > y.conflict.environment
            ? 1
            : 0) ||
        x.at - y.at ||
        (x.conflict.code < y.conflict.code ? -1 : x.conflict.code > y.conflict.code ? 1 : 0) ||
        (x.conflict.releases.join() < y.conflict.releases.join() ? -1 : 1),
    )
    .map((x) => x.conflict);
}
