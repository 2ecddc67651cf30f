import { parseOpeningRanges, WEEKDAY_KEYS, type OpeningRanges, type RegionSpec } from "./spec.js";
import {
  DAY_MS,
  dayNumber,
  isoWeekday,
  parseWallDate,
  wallFields,
  wallOf,
  type WallMs,
} from "./wall-clock.js";

/**
 * A region prepared for business-day and trading-hours arithmetic: weekend and holidays as day
 * numbers, opening ranges per ISO weekday. Memoized per `RegionSpec` object.
 */
export interface CompiledRegion {
  readonly spec: RegionSpec;
  readonly weekend: ReadonlySet<number>;
  /** Holiday day numbers (days since 1970-01-01) and their names. */
  readonly holidays: ReadonlyMap<number, string>;
  /** Opening ranges indexed by ISO weekday 1…7 (index 0 unused); undefined without trading hours. */
  readonly opening?: readonly OpeningRanges[];
  readonly holidayOpening?: OpeningRanges;
}

const compiled = new WeakMap<RegionSpec, CompiledRegion>();

function ranges(text: string): OpeningRanges {
  const parsed = parseOpeningRanges(text);
  if (typeof parsed === "string") throw new Error(`unvalidated trading hours: ${parsed}`);
  return parsed;
}

export function compileRegion(spec: RegionSpec): CompiledRegion {
  const known = compiled.get(spec);
  if (known) return known;
  const holidays = new Map<number, string>();
  for (const h of spec.holidays) {
    const w = parseWallDate(h.date);
    if (w !== undefined) holidays.set(dayNumber(w), h.name);
  }
  const th = spec.tradingHours;
  const region: CompiledRegion = {
    spec,
    weekend: new Set(spec.weekend.map((d) => WEEKDAY_KEYS.indexOf(d) + 1)),
    holidays,
    ...(th
      ? {
          opening: [[], ...WEEKDAY_KEYS.map((d) => ranges(th[d]))],
          ...(th.holidays !== undefined ? { holidayOpening: ranges(th.holidays) } : {}),
        }
      : {}),
  };
  compiled.set(spec, region);
  return region;
}

/** True when the day (a day number) is neither a weekend day nor a public holiday of the region. */
export function isBusinessDay(region: CompiledRegion, day: number): boolean {
  return !region.weekend.has(isoWeekday(day * DAY_MS)) && !region.holidays.has(day);
}

/** A span of wall-clock time, end exclusive. */
export interface WallSpan {
  readonly start: WallMs;
  readonly end: WallMs;
}

/**
 * Month-end spans: for each month, from 00:00 of its `last`-th last business day to 24:00 of the
 * `first`-th business day of the next month. Returns the spans that start in [from, to).
 */
export function monthEndSpans(
  region: CompiledRegion,
  last: number,
  first: number,
  from: WallMs,
  to: WallMs,
): WallSpan[] {
  const spans: WallSpan[] = [];
  // A span starts at most ~3 weeks before its month ends; begin two months early to be safe.
  const f = wallFields(from - 62 * DAY_MS);
  for (let index = f.year * 12 + f.month - 1; ; index++) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const monthStart = dayNumber(wallOf(year, month, 1));
    const nextStart = dayNumber(wallOf(year, month + 1, 1));
    const afterNext = dayNumber(wallOf(year, month + 2, 1));
    if (monthStart * DAY_MS >= to) break;
    let startDay: number | undefined;
    let endDay: number | undefined;
    let found = 0;
    for (let d = nextStart - 1; d >= monthStart && found < last; d--) {
      if (!isBusinessDay(region, d)) continue;
      found++;
      startDay = d;
      endDay ??= d;
    }
    found = 0;
    for (let d = nextStart; d < afterNext && found < first; d++) {
      if (!isBusinessDay(region, d)) continue;
      found++;
      startDay ??= d;
      endDay = d;
    }
    if (startDay === undefined || endDay === undefined) continue;
    const span = { start: startDay * DAY_MS, end: (endDay + 1) * DAY_MS };
    if (span.start >= from && span.start < to) spans.push(span);
  }
  return spans;
}

/** How far the trading-hours scan looks beyond the requested range to find where closures begin and end. */
const CLOSURE_LOOKAROUND_DAYS = 21;

/**
 * The times the region's stores are closed, merged across midnight (Saturday 20:00 to Monday 08:00
 * is one span), that start in [from, to). Closures longer than three weeks are cut.
 */
export function closedSpans(region: CompiledRegion, from: WallMs, to: WallMs): WallSpan[] {
  const opening = region.opening;
  if (!opening) return [];
  const spans: { start: WallMs; end: WallMs }[] = [];
  const firstDay = dayNumber(from) - CLOSURE_LOOKAROUND_DAYS;
  const lastDay = dayNumber(to) + CLOSURE_LOOKAROUND_DAYS;
  for (let d = firstDay; d < lastDay; d++) {
    const dayStart = d * DAY_MS;
    const open =
      region.holidays.has(d) && region.holidayOpening
        ? region.holidayOpening
        : (opening[isoWeekday(dayStart)] ?? []);
    let cursor = 0;
    for (const [o, c] of [...open, [DAY_MS, DAY_MS] as const]) {
      if (o > cursor) {
        const seg = { start: dayStart + cursor, end: dayStart + o };
        const prev = spans.at(-1);
        if (prev && prev.end === seg.start) prev.end = seg.end;
        else spans.push(seg);
      }
      cursor = Math.max(cursor, c);
    }
  }
  return spans.filter((s) => s.start >= from && s.start < to);
}
