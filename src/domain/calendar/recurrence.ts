import ICAL from "ical.js";
import {
  DAY_MS,
  dayNumber,
  daysInMonth,
  formatWall,
  isoWeekday,
  wallFields,
  wallOf,
  type IsoWeekday,
  type WallMs,
} from "./wall-clock.js";

/**
 * RFC 5545 recurrence rules (RRULE) expanded in wall-clock time.
 *
 * Expansion happens on wall-clock date-times (a floating DTSTART), so the occurrences do not depend
 * on a time zone; each is then read in the window's zone with the gap/fold rules of `time-zone.ts`.
 *
 * Two engines produce the same sets:
 * - a compiled engine for the parts retail calendars use (FREQ DAILY to YEARLY, INTERVAL, COUNT,
 *   UNTIL, BYMONTH, BYMONTHDAY, BYDAY with ordinals, BYSETPOS, WKST). It costs well under a
 *   microsecond per occurrence, where ical.js 2.2.1 costs 10–2,000 µs (measured in
 *   `bench/calendar.ts`), which matters for 1,000 environments × 200 windows. It is tested against
 *   ical.js on random rules (`recurrence.test.ts`).
 * - ical.js itself for every other rule part (BYYEARDAY, BYWEEKNO, BYHOUR, BYMINUTE, BYSECOND). Its
 *   output is filtered for a known defect: it normalises impossible dates instead of skipping them
 *   (`FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30` yields 2 March), which RFC 5545 says to ignore.
 */

/** Frequencies a window may recur at; finer ones make no sense for freezes or maintenance. */
export type RecurrenceFrequency = "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";

/** One BYDAY entry: `ordinal` 0 means every such weekday in the period, ±n the n-th (from the end). */
export interface ByDay {
  readonly ordinal: number;
  readonly weekday: IsoWeekday;
}

/** The end of a recurrence given by UNTIL: a wall-clock bound, or an instant (UNTIL with `Z`). */
export type RecurrenceUntil = { readonly wall: WallMs } | { readonly epochMs: number };

/** A parsed and checked RRULE. */
export interface RecurrenceRule {
  /** The rule as written (without a leading `RRULE:`). */
  readonly text: string;
  readonly frequency: RecurrenceFrequency;
  readonly interval: number;
  readonly count?: number;
  readonly until?: RecurrenceUntil;
  readonly byMonth?: readonly number[];
  readonly byMonthDay?: readonly number[];
  readonly byDay?: readonly ByDay[];
  readonly bySetPos?: readonly number[];
  readonly weekStart: IsoWeekday;
  /** True when a rule part outside the compiled engine is present, so ical.js expands it. */
  readonly needsIcalJs: boolean;
}

export type RuleParse =
  { readonly ok: true; readonly rule: RecurrenceRule } | { readonly ok: false; readonly message: string };

const WEEKDAYS: Readonly<Record<string, IsoWeekday>> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
const KNOWN_PARTS = new Set([
  "FREQ",
  "INTERVAL",
  "COUNT",
  "UNTIL",
  "BYMONTH",
  "BYMONTHDAY",
  "BYDAY",
  "BYSETPOS",
  "WKST",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYHOUR",
  "BYMINUTE",
  "BYSECOND",
]);
const ICAL_ONLY_PARTS = ["BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE", "BYSECOND"] as const;

function intList(value: string, min: number, max: number, allowNegative: boolean): number[] | undefined {
  const out: number[] = [];
  for (const item of value.split(",")) {
    if (!/^[+-]?\d{1,3}$/.test(item)) return undefined;
    const n = Number(item);
    const abs = Math.abs(n);
    if (abs < min || abs > max || (n < 0 && !allowNegative)) return undefined;
    out.push(n);
  }
  return out;
}

function parseUntil(value: string): RecurrenceUntil | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (m[4] === undefined) {
    // A date-only UNTIL bounds a date-time DTSTART inclusively through that whole day.
    return { wall: wallOf(y, mo, d, 23, 59, 59) };
  }
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const wall = wallOf(y, mo, d, h, mi, s);
  return m[7] === "Z" ? { epochMs: wall } : { wall };
}

/**
 * Parses and checks an RRULE value such as `FREQ=WEEKLY;BYDAY=TU,TH`. Besides the grammar of
 * RFC 5545 §3.3.10 it refuses what would make a window ambiguous or absurd: frequencies finer than
 * daily, `INTERVAL=0`, COUNT together with UNTIL, ordinals in BYDAY of a daily or weekly rule.
 * Memoized by text (estates repeat a handful of rules thousands of times).
 */
export function parseRecurrenceRule(input: string): RuleParse {
  let result = parsedRules.get(input);
  if (!result) {
    result = parseRuleUncached(input);
    if (parsedRules.size > 10_000) parsedRules.clear();
    parsedRules.set(input, result);
  }
  return result;
}

const parsedRules = new Map<string, RuleParse>();

function parseRuleUncached(input: string): RuleParse {
  const text = input.startsWith("RRULE:") ? input.slice("RRULE:".length) : input;
  const fail = (message: string): RuleParse => ({ ok: false, message: `RRULE "${text}": ${message}` });
  if (text.trim() === "") return fail("is empty");
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return fail(`"${part}" is not NAME=VALUE`);
    const name = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1);
    if (!KNOWN_PARTS.has(name)) return fail(`unknown rule part ${name}`);
    if (parts.has(name)) return fail(`${name} is given twice`);
    if (value === "") return fail(`${name} has no value`);
    parts.set(name, value.toUpperCase());
  }
  const freq = parts.get("FREQ");
  if (freq === undefined) return fail("FREQ is required");
  if (freq === "SECONDLY" || freq === "MINUTELY" || freq === "HOURLY") {
    return fail(`FREQ=${freq} is finer than windows may recur; use DAILY with BYHOUR if you must`);
  }
  if (freq !== "DAILY" && freq !== "WEEKLY" && freq !== "MONTHLY" && freq !== "YEARLY") {
    return fail(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not ${freq}`);
  }
  let interval = 1;
  const intervalText = parts.get("INTERVAL");
  if (intervalText !== undefined) {
    if (!/^\d{1,4}$/.test(intervalText) || Number(intervalText) < 1) {
      return fail("INTERVAL must be a positive integer");
    }
    interval = Number(intervalText);
  }
  let count: number | undefined;
  const countText = parts.get("COUNT");
  if (countText !== undefined) {
    if (!/^\d{1,6}$/.test(countText) || Number(countText) < 1)
      return fail("COUNT must be a positive integer");
    count = Number(countText);
  }
  let until: RecurrenceUntil | undefined;
  const untilText = parts.get("UNTIL");
  if (untilText !== undefined) {
    if (count !== undefined) return fail("COUNT and UNTIL must not both be given (RFC 5545)");
    until = parseUntil(untilText);
    if (!until)
      return fail(`UNTIL "${untilText}" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z])`);
  }
  const listPart = (name: string, min: number, max: number, neg: boolean): number[] | undefined | false => {
    const v = parts.get(name);
    if (v === undefined) return undefined;
    return intList(v, min, max, neg) ?? false;
  };
  const byMonth = listPart("BYMONTH", 1, 12, false);
  if (byMonth === false) return fail("BYMONTH must list months 1 to 12");
  const byMonthDay = listPart("BYMONTHDAY", 1, 31, true);
  if (byMonthDay === false) return fail("BYMONTHDAY must list days ±1 to ±31");
  const bySetPos = listPart("BYSETPOS", 1, 366, true);
  if (bySetPos === false) return fail("BYSETPOS must list positions ±1 to ±366");
  let byDay: ByDay[] | undefined;
  const byDayText = parts.get("BYDAY");
  if (byDayText !== undefined) {
    byDay = [];
    for (const item of byDayText.split(",")) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      const weekday = m?.[2] === undefined ? undefined : WEEKDAYS[m[2]];
      if (!m || weekday === undefined) return fail(`BYDAY value "${item}" is not like MO, 1MO or -1FR`);
      const ordinal = m[1] === undefined ? 0 : Number(m[1]);
      if (m[1] !== undefined && (ordinal === 0 || Math.abs(ordinal) > 53)) {
        return fail(`BYDAY ordinal in "${item}" must be ±1 to ±53`);
      }
      if (ordinal !== 0 && (freq === "DAILY" || freq === "WEEKLY")) {
        return fail(`BYDAY ordinals such as "${item}" are only allowed with FREQ=MONTHLY or YEARLY`);
      }
      if (freq === "MONTHLY" && Math.abs(ordinal) > 5)
        return fail(`BYDAY "${item}": a month has at most 5 of a weekday`);
      byDay.push({ ordinal, weekday });
    }
  }
  if (byMonthDay && freq === "WEEKLY") return fail("BYMONTHDAY is not allowed with FREQ=WEEKLY (RFC 5545)");
  if (byMonthDay && freq === "YEARLY" && !byMonth) {
    // Implementations disagree: some take DTSTART's month, others every month.
    return fail("YEARLY with BYMONTHDAY needs BYMONTH (or use FREQ=MONTHLY for every month)");
  }
  let weekStart: IsoWeekday = 1;
  const wkst = parts.get("WKST");
  if (wkst !== undefined) {
    const w = WEEKDAYS[wkst];
    if (w === undefined) return fail(`WKST "${wkst}" is not a weekday such as MO`);
    weekStart = w;
  }
  if (bySetPos && !byMonth && !byMonthDay && !byDay && !ICAL_ONLY_PARTS.some((p) => parts.has(p))) {
    return fail("BYSETPOS needs another BYxxx rule part to select from");
  }
  // ical.js has the last word on the grammar of the parts it alone expands.
  try {
    ICAL.Recur.fromString(text);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const needsIcalJs =
    ICAL_ONLY_PARTS.some((p) => parts.has(p)) ||
    // An ordinal BYDAY that only limits a BYMONTHDAY set is too rare to compile.
    (byMonthDay !== undefined && byDay !== undefined && byDay.some((d) => d.ordinal !== 0));
  const rule: RecurrenceRule = {
    text,
    frequency: freq,
    interval,
    weekStart,
    needsIcalJs,
    ...(count !== undefined ? { count } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(byMonth ? { byMonth } : {}),
    ...(byMonthDay ? { byMonthDay } : {}),
    ...(byDay ? { byDay } : {}),
    ...(bySetPos ? { bySetPos } : {}),
  };
  return { ok: true, rule };
}

// ---------------------------------------------------------------------------------------------
// Compiled engine: one "period" (day, week, month, year) at a time, candidates as day numbers.

function firstDayOfMonth(year: number, month: number): number {
  return Date.UTC(year, month - 1, 1) / DAY_MS;
}

/** Day number of the n-th (n > 0) or n-th-from-last (n < 0) `weekday` within [first, last]. */
function nthWeekday(first: number, last: number, weekday: IsoWeekday, n: number): number | undefined {
  if (n > 0) {
    const firstWd = isoWeekday(first * DAY_MS);
    const d = first + ((weekday - firstWd + 7) % 7) + (n - 1) * 7;
    return d <= last ? d : undefined;
  }
  const lastWd = isoWeekday(last * DAY_MS);
  const d = last - ((lastWd - weekday + 7) % 7) + (n + 1) * 7;
  return d >= first ? d : undefined;
}

/** Every day in [first, last] selected by BYDAY (expanding semantics). */
function expandByDay(first: number, last: number, byDay: readonly ByDay[], out: number[]): void {
  for (const { ordinal, weekday } of byDay) {
    if (ordinal !== 0) {
      const d = nthWeekday(first, last, weekday, ordinal);
      if (d !== undefined) out.push(d);
      continue;
    }
    const firstWd = isoWeekday(first * DAY_MS);
    for (let d = first + ((weekday - firstWd + 7) % 7); d <= last; d += 7) out.push(d);
  }
}

/** Days of a month selected by BYMONTHDAY (negative values count from the end; invalid ones drop). */
function expandByMonthDay(first: number, dim: number, byMonthDay: readonly number[], out: number[]): void {
  for (const v of byMonthDay) {
    const dom = v > 0 ? v : dim + v + 1;
    if (dom >= 1 && dom <= dim) out.push(first + dom - 1);
  }
}

function weekdayIn(day: number, byDay: readonly ByDay[]): boolean {
  const wd = isoWeekday(day * DAY_MS);
  return byDay.some((b) => b.weekday === wd);
}

function sortUnique(days: number[]): number[] {
  days.sort((a, b) => a - b);
  return days.filter((d, i) => i === 0 || d !== days[i - 1]);
}

function applySetPos(days: number[], bySetPos: readonly number[] | undefined): number[] {
  if (!bySetPos) return days;
  const picked: number[] = [];
  for (const p of bySetPos) {
    const d = days[p > 0 ? p - 1 : days.length + p];
    if (d !== undefined) picked.push(d);
  }
  return sortUnique(picked);
}

/** Candidate days of one month for MONTHLY (and YEARLY with months), before BYSETPOS. */
function monthCandidates(rule: RecurrenceRule, year: number, month: number, dtstartDom: number): number[] {
  const first = firstDayOfMonth(year, month);
  const dim = daysInMonth(year, month);
  const out: number[] = [];
  if (rule.byMonthDay) {
    expandByMonthDay(first, dim, rule.byMonthDay, out);
    if (rule.byDay) {
      const byDay = rule.byDay;
      return out.filter((d) => weekdayIn(d, byDay));
    }
    return out;
  }
  if (rule.byDay) {
    expandByDay(first, first + dim - 1, rule.byDay, out);
    return out;
  }
  if (dtstartDom <= dim) out.push(first + dtstartDom - 1);
  return out;
}

/** A source of occurrences in ascending order, pulled one period at a time. */
interface OccurrenceSource {
  /** The occurrences of the next period (ascending), and where that period starts; undefined at the end. */
  nextPeriod(): { readonly periodStart: WallMs; readonly starts: readonly WallMs[] } | undefined;
}

function compiledSource(rule: RecurrenceRule, dtstart: WallMs): OccurrenceSource {
  const f = wallFields(dtstart);
  const timeOfDay = dtstart - dayNumber(dtstart) * DAY_MS;
  const startDay = dayNumber(dtstart);
  const monthSet = rule.byMonth ? new Set(rule.byMonth) : undefined;
  let step = 0;
  let emitted = 0;
  let done = false;
  let lastProductiveDay = startDay;
  // Weekly rules: the days of a week as offsets from its first day, sorted once.
  const weekOffsets = sortUnique(
    (rule.byDay ? rule.byDay.map((b) => b.weekday) : [isoWeekday(dtstart)]).map(
      (wd) => (wd - rule.weekStart + 7) % 7,
    ),
  );
  const firstWeekStart = startDay - ((isoWeekday(dtstart) - rule.weekStart + 7) % 7);

  function periodDays(): { periodStartDay: number; days: number[] } {
    const k = step * rule.interval;
    step++;
    switch (rule.frequency) {
      case "DAILY": {
        const day = startDay + k;
        if (!monthSet && !rule.byMonthDay && !rule.byDay) return { periodStartDay: day, days: [day] };
        const m = wallFields(day * DAY_MS);
        const keep =
          (!monthSet || monthSet.has(m.month)) &&
          (!rule.byMonthDay ||
            rule.byMonthDay.some((v) => (v > 0 ? v : daysInMonth(m.year, m.month) + v + 1) === m.day)) &&
          (!rule.byDay || weekdayIn(day, rule.byDay));
        return { periodStartDay: day, days: keep ? [day] : [] };
      }
      case "WEEKLY": {
        const weekStartDay = firstWeekStart + k * 7;
        const days = weekOffsets.map((offset) => weekStartDay + offset);
        return {
          periodStartDay: weekStartDay,
          days: monthSet ? days.filter((d) => monthSet.has(wallFields(d * DAY_MS).month)) : days,
        };
      }
      case "MONTHLY": {
        const index = f.year * 12 + (f.month - 1) + k;
        const year = Math.floor(index / 12);
        const month = (index % 12) + 1;
        const first = firstDayOfMonth(year, month);
        if (monthSet && !monthSet.has(month)) return { periodStartDay: first, days: [] };
        return { periodStartDay: first, days: sortUnique(monthCandidates(rule, year, month, f.day)) };
      }
      case "YEARLY": {
        const year = f.year + k;
        const first = firstDayOfMonth(year, 1);
        const out: number[] = [];
        if (rule.byDay && !rule.byMonth && !rule.byMonthDay) {
          expandByDay(first, firstDayOfMonth(year + 1, 1) - 1, rule.byDay, out);
        } else if (rule.byMonth || rule.byMonthDay || rule.byDay) {
          const months = rule.byMonth ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
          for (const month of months) out.push(...monthCandidates(rule, year, month, f.day));
        } else if (f.day <= daysInMonth(year, f.month)) {
          out.push(firstDayOfMonth(year, f.month) + f.day - 1);
        }
        return { periodStartDay: first, days: sortUnique(out) };
      }
    }
  }

  return {
    nextPeriod() {
      if (done) return undefined;
      const { periodStartDay, days } = periodDays();
      const starts: WallMs[] = [];
      for (const day of applySetPos(days, rule.bySetPos)) {
        const wall = day * DAY_MS + timeOfDay;
        if (wall < dtstart) continue;
        if (rule.until && "wall" in rule.until && wall > rule.until.wall) {
          done = true;
          break;
        }
        starts.push(wall);
        emitted++;
        if (rule.count !== undefined && emitted >= rule.count) {
          done = true;
          break;
        }
      }
      // A rule silent for 400 years (one Gregorian cycle, after which dates repeat) stays silent.
      if (starts.length > 0) lastProductiveDay = periodStartDay;
      else if (periodStartDay - lastProductiveDay > 146_097) done = true;
      return { periodStart: periodStartDay * DAY_MS, starts };
    },
  };
}

/** Checks an occurrence against BYMONTH/BYMONTHDAY/BYDAY weekdays (ical.js defect filter). */
function satisfiesByParts(rule: RecurrenceRule, wall: WallMs): boolean {
  const f = wallFields(wall);
  if (rule.byMonth && !rule.byMonth.includes(f.month)) return false;
  if (rule.byMonthDay) {
    const dim = daysInMonth(f.year, f.month);
    if (!rule.byMonthDay.some((v) => (v > 0 ? v : dim + v + 1) === f.day)) return false;
  }
  if (rule.byDay && !weekdayIn(dayNumber(wall), rule.byDay)) return false;
  return true;
}

/** The rule with numeric lists sorted: ical.js misbehaves on unsorted ones (`BYMONTH=2,1`). */
function icalJsText(text: string): string {
  return text
    .split(";")
    .map((part) => {
      const [name, value] = part.split("=") as [string, string];
      if (!/^BY(MONTH|MONTHDAY|YEARDAY|WEEKNO|HOUR|MINUTE|SECOND|SETPOS)$/i.test(name)) return part;
      const sorted = value
        .split(",")
        .map(Number)
        .sort((a, b) => a - b);
      return `${name}=${sorted.join(",")}`;
    })
    .join(";");
}

function icalJsSource(rule: RecurrenceRule, dtstart: WallMs): OccurrenceSource {
  const recur = ICAL.Recur.fromString(icalJsText(rule.text));
  // UNTIL is applied here, in wall-clock or instant terms, not by ical.js, which would compare a
  // floating DTSTART with a UTC UNTIL as if both were UTC.
  recur.until = null;
  const f = wallFields(dtstart);
  const iterator = recur.iterator(
    ICAL.Time.fromData({
      year: f.year,
      month: f.month,
      day: f.day,
      hour: f.hour,
      minute: f.minute,
      second: f.second,
      isDate: false,
    }),
  );
  let last = Number.NEGATIVE_INFINITY;
  let done = false;
  return {
    nextPeriod() {
      if (done) return undefined;
      const t = iterator.next();
      if (!t) {
        done = true;
        return undefined;
      }
      const wall = wallOf(t.year, t.month, t.day, t.hour, t.minute, t.second);
      if (rule.until && "wall" in rule.until && wall > rule.until.wall) {
        done = true;
        return undefined;
      }
      const ok = wall > last && wall >= dtstart && (wall === dtstart || satisfiesByParts(rule, wall));
      if (ok) last = wall;
      return { periodStart: wall, starts: ok ? [wall] : [] };
    },
  };
}

/**
 * The expansion of one rule from one DTSTART, grown on demand and kept: asking for later years
 * continues where the last call stopped instead of starting again at DTSTART.
 */
export interface RecurrenceExpansion {
  /** Occurrence starts (wall-clock) in [from, to), ascending, EXDATEs removed. */
  startsBetween(from: WallMs, to: WallMs): readonly WallMs[];
}

/** Creates the expansion of `rule` from `dtstart`, minus `exdates` (wall-clock starts). */
export function expandRecurrence(
  rule: RecurrenceRule,
  dtstart: WallMs,
  exdates: readonly WallMs[] = [],
): RecurrenceExpansion {
  const source = rule.needsIcalJs ? icalJsSource(rule, dtstart) : compiledSource(rule, dtstart);
  const excluded = new Set(exdates);
  const starts: WallMs[] = [];
  let reached = Number.NEGATIVE_INFINITY;
  let exhausted = false;

  function growTo(to: WallMs): void {
    while (!exhausted && reached < to) {
      const period = source.nextPeriod();
      if (!period) {
        exhausted = true;
        break;
      }
      for (const s of period.starts) if (!excluded.has(s)) starts.push(s);
      reached = period.periodStart;
    }
  }

  function lowerBound(x: WallMs): number {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    startsBetween(from, to) {
      growTo(to);
      return starts.slice(lowerBound(from), lowerBound(to));
    },
  };
}

/**
 * When a compiled rule does not produce `dtstart` as its first occurrence, a sentence saying so and
 * naming the first one it does produce (RFC 5545 leaves such recurrence sets undefined, and calendar
 * clients disagree about them). Undefined when DTSTART is in step with the rule.
 */
export function dtstartMismatch(rule: RecurrenceRule, dtstart: WallMs): string | undefined {
  if (rule.needsIcalJs) return undefined;
  const source = compiledSource({ ...rule, count: undefined, until: undefined }, dtstart);
  for (let i = 0; i < 2000; i++) {
    const period = source.nextPeriod();
    if (!period) break;
    const first = period.starts[0];
    if (first === undefined) continue;
    if (first === dtstart) return undefined;
    return `dtstart ${formatWall(dtstart)} is not an occurrence of ${rule.text}; start the series on its first occurrence, ${formatWall(first)}`;
  }
  return `dtstart ${formatWall(dtstart)} is not an occurrence of ${rule.text}, and the rule produces no occurrence soon after it`;
}
