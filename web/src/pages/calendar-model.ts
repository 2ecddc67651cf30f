import type { Occurrence, ReleaseState, ReleaseSummary } from "../api/types.js";
import { daysBetween, wallClock } from "../time/zoned.js";

/** One thing on the calendar: a window occurrence of an environment, or a scheduled release. */
export type CalendarEntry =
  | {
      readonly type: "window";
      readonly key: string;
      readonly environment: string;
      readonly occurrence: Occurrence;
    }
  | {
      readonly type: "release";
      readonly key: string;
      readonly environment: string;
      readonly timezone: string;
      readonly release: ReleaseOnCalendar;
      readonly start: string;
      readonly end: string;
    };

/** What the calendar shows of a release. */
export interface ReleaseOnCalendar {
  readonly id: number;
  readonly summary: string;
  readonly tier: string;
  readonly state: ReleaseState;
}

/**
 * A release slot of an agenda (`releases`, when the server lists them: scheduled and running releases
 * with their spans already computed in the environment's zone).
 */
export interface AgendaReleaseSlot {
  readonly id: string;
  readonly summary: string;
  readonly tier: string;
  readonly state: string;
  readonly environment: string;
  readonly timezone: string;
  readonly start: string;
  readonly end: string;
}

/** The agenda's own release slots as calendar entries (what-if proposals left out). */
export function slotEntries(slots: readonly AgendaReleaseSlot[]): CalendarEntry[] {
  return slots
    .filter((s) => /^\d+$/.test(s.id))
    .map((s) => ({
      type: "release" as const,
      key: `release-${s.id}-${s.environment}`,
      environment: s.environment,
      timezone: s.timezone,
      release: { id: Number(s.id), summary: s.summary, tier: s.tier, state: s.state as ReleaseState },
      start: s.start,
      end: s.end,
    }));
}

export function entryStart(e: CalendarEntry): string {
  return e.type === "window" ? e.occurrence.start : e.start;
}
export function entryEnd(e: CalendarEntry): string {
  return e.type === "window" ? e.occurrence.end : e.end;
}
export function entryZone(e: CalendarEntry): string {
  return e.type === "window" ? e.occurrence.timezone : e.timezone;
}

/** A month grid: Monday-first weeks covering the month, as `YYYY-MM-DD` days. */
export function monthGrid(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const start = new Date(first.getTime() - offset * 86_400_000);
  const last = new Date(Date.UTC(y, m, 0));
  const endOffset = 6 - ((last.getUTCDay() + 6) % 7);
  const end = new Date(last.getTime() + endOffset * 86_400_000);
  return daysBetween(start.toISOString().slice(0, 10), end.toISOString().slice(0, 10));
}

/** The seven days of the week starting on the Monday of or before `day`. */
export function weekGrid(day: string): string[] {
  const d = new Date(`${day}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  const start = monday.toISOString().slice(0, 10);
  return daysBetween(start, new Date(monday.getTime() + 6 * 86_400_000).toISOString().slice(0, 10));
}

/** Which zone a chip is drawn in: its environment's (`env`) or the viewer's (a zone name). */
export function zoneFor(e: CalendarEntry, myZone: string | undefined): string {
  return myZone ?? entryZone(e);
}

/**
 * Entries by the days they cover in the zone each is shown in. An entry ending at 00:00 does not cover
 * that day. Days outside `days` are left out; entries keep their start order within a day.
 */
export function byDay(
  entries: readonly CalendarEntry[],
  days: readonly string[],
  myZone: string | undefined,
): Map<string, CalendarEntry[]> {
  const wanted = new Set(days);
  const first = days[0] ?? "";
  const last = days[days.length - 1] ?? "";
  const out = new Map<string, CalendarEntry[]>();
  for (const d of days) out.set(d, []);
  const sorted = [...entries].sort((a, b) => entryStart(a).localeCompare(entryStart(b)));
  for (const e of sorted) {
    const zone = zoneFor(e, myZone);
    const s = wallClock(entryStart(e), zone);
    const endInstant = new Date(Date.parse(entryEnd(e)) - 1);
    const en = wallClock(endInstant, zone);
    const from = s.date < first ? first : s.date;
    const to = en.date > last ? last : en.date;
    if (from > to) continue;
    if (from === to) {
      if (wanted.has(from)) out.get(from)?.push(e);
      continue;
    }
    for (const d of daysBetween(from, to)) out.get(d)?.push(e);
  }
  for (const [day, list] of out) out.set(day, prioritized(list, day, myZone));
  return out;
}

const KIND_RANK = { freeze: 0, release: 1, maintenance: 2 } as const;

function kindOf(e: CalendarEntry): keyof typeof KIND_RANK {
  return e.type === "window" ? e.occurrence.kind : "release";
}

/**
 * A day's entries in the order a month cell shows them before "+N more": freezes, then releases, then
 * maintenance windows; within each, those starting that day before those continuing from earlier days.
 */
function prioritized(
  list: readonly CalendarEntry[],
  day: string,
  myZone: string | undefined,
): CalendarEntry[] {
  const starts = new Map(list.map((e) => [e, wallClock(entryStart(e), zoneFor(e, myZone))]));
  const rank = (e: CalendarEntry) => KIND_RANK[kindOf(e)] * 2 + (starts.get(e)?.date === day ? 0 : 1);
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (starts.get(a)?.time ?? "").localeCompare(starts.get(b)?.time ?? "") ||
      a.environment.localeCompare(b.environment),
  );
}

/** Scheduled and running releases as calendar entries, one per environment shown. */
export function releaseEntries(
  releases: readonly ReleaseSummary[],
  zones: ReadonlyMap<string, string>,
): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  for (const r of releases) {
    if (!r.scheduledStart) continue;
    const start = r.scheduledStart;
    const end = new Date(Date.parse(start) + durationMs(r.duration)).toISOString();
    for (const env of r.environments) {
      const id = env.includes("/") ? env : `${r.tenant}/${env}`;
      const timezone = zones.get(id);
      if (!timezone) continue;
      out.push({
        type: "release",
        key: `release-${r.id}-${id}`,
        environment: id,
        timezone,
        release: r,
        start,
        end,
      });
    }
  }
  return out;
}

/** Milliseconds of an ISO 8601 duration of days, hours, minutes and seconds (`P1DT2H`, `PT90M`). */
export function durationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return 3_600_000;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}
