import { Temporal } from "temporal-polyfill";
import { OrcError } from "../errors.js";
import { ANCHOR_EVENTS } from "./anchors.js";
import { addDuration, durationOf, maxSpanMs, type WindowDuration } from "./duration.js";
import type { EnvironmentContext } from "./environment.js";
import { expandRecurrence, parseRecurrenceRule, type RecurrenceExpansion } from "./recurrence.js";
import { closedSpans, compileRegion, monthEndSpans, type CompiledRegion } from "./region.js";
import {
  windowTiming,
  type CalendarSection,
  type CalendarSpec,
  type RegionSpec,
  type ScopeSpec,
  type WindowKind,
  type WindowSpec,
} from "./spec.js";
import { zoneRules, type ZoneRules } from "./time-zone.js";
import { DAY_MS, formatWall, parseTimeOfDay, parseWall, wallYear, type WallMs } from "./wall-clock.js";

/** One concrete span of a window for one environment. */
export interface Occurrence {
  readonly calendar: string;
  /** The window that produced it. */
  readonly window: WindowSpec;
  readonly kind: WindowKind;
  /** Stable identity: `calendar/window@nominal local start` (the RFC 5545 RECURRENCE-ID). */
  readonly id: string;
  /** Zone of {@link localStart} and {@link localEnd}: the environment's. */
  readonly timezone: string;
  /** Zone the window's own times were read in (its `timezone`, the region's, or the environment's). */
  readonly windowTimezone: string;
  /** True when the window has no zone of its own and follows each environment's. */
  readonly floating: boolean;
  /** Start and end as epoch milliseconds (UTC), end exclusive. */
  readonly startMs: number;
  readonly endMs: number;
  readonly start: Temporal.Instant;
  readonly end: Temporal.Instant;
  /** Wall-clock start and end in {@link timezone}, `YYYY-MM-DDTHH:MM`. */
  readonly localStart: string;
  readonly localEnd: string;
  toJSON(): OccurrenceJson;
}

/** The JSON form of an {@link Occurrence} (API responses, CLI `--json`). */
export interface OccurrenceJson {
  readonly id: string;
  readonly calendar: string;
  readonly window: string;
  readonly kind: WindowKind;
  readonly description?: string;
  readonly timezone: string;
  readonly windowTimezone: string;
  readonly floating: boolean;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
}

// Occurrences are created by the million (a year of agenda for 1,000 environments), so they hold
// numbers and derive the identity, Temporal and wall-clock views on demand.
class OccurrenceRecord implements Occurrence {
  constructor(
    readonly calendar: string,
    readonly window: WindowSpec,
    private readonly display: ZoneRules,
    readonly windowTimezone: string,
    readonly floating: boolean,
    readonly startMs: number,
    readonly endMs: number,
    /** The wall-clock start the timing produced, before gap shifting (the RECURRENCE-ID). */
    private readonly nominalWall: WallMs,
  ) {}
  get kind(): WindowKind {
    return this.window.kind;
  }
  get id(): string {
    return `${this.calendar}/${this.window.name}@${formatWall(this.nominalWall)}`;
  }
  get timezone(): string {
    return this.display.id;
  }
  get start(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.startMs);
  }
  get end(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.endMs);
  }
  get localStart(): string {
    return formatWall(this.display.toWall(this.startMs));
  }
  get localEnd(): string {
    return formatWall(this.display.toWall(this.endMs));
  }
  toJSON(): OccurrenceJson {
    return {
      id: this.id,
      calendar: this.calendar,
      window: this.window.name,
      kind: this.kind,
      ...(this.window.description !== undefined ? { description: this.window.description } : {}),
      timezone: this.timezone,
      windowTimezone: this.windowTimezone,
      floating: this.floating,
      start: this.start.toString(),
      end: this.end.toString(),
      localStart: this.localStart,
      localEnd: this.localEnd,
    };
  }
}

/**
 * Occurrences of one window in one bucket of start instants, packed in start order as
 * `[startMs, endMs, nominalWall, …]` (24 bytes each, nothing for the garbage collector to trace)
 * and shared by every environment that reads the window in the same zone. `Occurrence` objects
 * are made per query.
 */
type BucketCache = Map<number, Float64Array>;

export interface CompiledWindow {
  readonly calendar: string;
  readonly spec: WindowSpec;
  /** Upper bound of an occurrence's length, to find those that started before a range. */
  readonly maxSpanMs: number;
  readonly needsRegion: boolean;
  readonly duration?: WindowDuration;
  /** UNTIL given as an instant (with `Z`). */
  readonly untilEpochMs?: number;
  /**
   * Wall-clock spans whose start lies in [from, to), appended to `out` as `start, end` pairs in
   * start order; `end` is NaN when the window's duration gives it. (Numbers, not objects: this runs
   * for every occurrence of every window.)
   */
  local(region: CompiledRegion | undefined, from: WallMs, to: WallMs, out: number[]): void;
  /** Expands a recurrence rule through `to` ahead of use (zone-independent work). */
  prepare?(to: WallMs): void;
  readonly caches: Map<string, BucketCache>;
  readonly regionCaches: WeakMap<CompiledRegion, Map<string, BucketCache>>;
}

interface CompiledCalendar {
  readonly windows: readonly CompiledWindow[];
}

function wallOrThrow(text: string): WallMs {
  const w = parseWall(text);
  if (w === undefined) throw new Error(`unvalidated local date-time ${text}`);
  return w;
}

function compileWindow(calendar: string, spec: WindowSpec): CompiledWindow {
  const timing = windowTiming(spec);
  const base = { calendar, spec, caches: new Map(), regionCaches: new WeakMap() };
  switch (timing.form) {
    case "one-off": {
      const start = wallOrThrow(timing.start);
      const end = wallOrThrow(timing.end);
      return {
        ...base,
        maxSpanMs: end - start + 2 * 3_600_000,
        needsRegion: false,
        local: (_r, from, to, out) => {
          if (start >= from && start < to) out.push(start, end);
        },
      };
    }
    case "recurrence": {
      const r = timing.recurrence;
      const parsed = parseRecurrenceRule(r.rrule);
      if (!parsed.ok) throw new Error(`unvalidated rrule: ${parsed.message}`);
      const duration = durationOf(r.duration);
      const expansion: RecurrenceExpansion = expandRecurrence(
        parsed.rule,
        wallOrThrow(r.dtstart),
        (r.exdates ?? []).map(wallOrThrow),
      );
      const until = parsed.rule.until;
      return {
        ...base,
        maxSpanMs: maxSpanMs(duration),
        needsRegion: false,
        duration,
        ...(until && "epochMs" in until ? { untilEpochMs: until.epochMs } : {}),
        local: (_r, from, to, out) => {
          for (const start of expansion.startsBetween(from, to)) out.push(start, Number.NaN);
        },
        prepare: (to) => void expansion.startsBetween(to, to),
      };
    }
    case "anchor": {
      const a = timing.anchor;
      const duration = durationOf(a.duration);
      const event = ANCHOR_EVENTS[a.event];
      const offset = a.offsetDays * DAY_MS + (a.time === undefined ? 0 : (parseTimeOfDay(a.time) ?? 0));
      return {
        ...base,
        maxSpanMs: maxSpanMs(duration),
        needsRegion: false,
        duration,
        local: (_r, from, to, out) => {
          for (let y = wallYear(from) - 1; y <= wallYear(to) + 1; y++) {
            const start = event(y) + offset;
            if (start >= from && start < to) out.push(start, Number.NaN);
          }
        },
      };
    }
    case "business-days": {
      const { lastOfMonth, firstOfNextMonth } = timing.businessDays;
      return {
        ...base,
        maxSpanMs: 62 * DAY_MS,
        needsRegion: true,
        local: (region, from, to, out) => {
          if (!region) return;
          for (const span of monthEndSpans(region, lastOfMonth, firstOfNextMonth, from, to))
            out.push(span.start, span.end);
        },
      };
    }
    case "outside-trading-hours":
      return {
        ...base,
        maxSpanMs: 22 * DAY_MS,
        needsRegion: true,
        local: (region, from, to, out) => {
          if (!region) return;
          for (const span of closedSpans(region, from, to)) out.push(span.start, span.end);
        },
      };
  }
}

const compiledCalendars = new WeakMap<CalendarSpec, CompiledCalendar>();

function compileCalendar(spec: CalendarSpec): CompiledCalendar {
  let c = compiledCalendars.get(spec);
  if (!c) {
    c = { windows: spec.windows.map((w) => compileWindow(spec.name, w)) };
    compiledCalendars.set(spec, c);
  }
  return c;
}

// Instants are bucketed in fixed 32-day spans; a bucket's occurrences are computed once per
// (window, evaluation zone, region). Small buckets keep a cold decision cheap (it needs a few days,
// not a year); a year of agenda touches a dozen buckets.
const BUCKET_MS = 32 * DAY_MS;
const FILL_AHEAD = 3;

function evaluationZone(
  w: CompiledWindow,
  env: EnvironmentContext,
  region: CompiledRegion | undefined,
): string {
  if (w.spec.timezone) return w.spec.timezone;
  if (w.spec.outsideTradingHours && region) return region.spec.timezone;
  return env.timezone;
}

const EMPTY = new Float64Array(0);

function cacheFor(w: CompiledWindow, evalZone: string, region: CompiledRegion | undefined): BucketCache {
  let byZone: Map<string, BucketCache>;
  if (w.needsRegion && region) {
    let m = w.regionCaches.get(region);
    if (!m) {
      m = new Map();
      w.regionCaches.set(region, m);
    }
    byZone = m;
  } else {
    byZone = w.caches;
  }
  let cache = byZone.get(evalZone);
  if (!cache) {
    cache = new Map();
    byZone.set(evalZone, cache);
  }
  return cache;
}

/**
 * Computes buckets first…last of a window in one pass over their wall-clock range (one expansion
 * call for a year rather than one per bucket), and stores each, empty ones included.
 */
function fillBuckets(
  w: CompiledWindow,
  evalZone: string,
  region: CompiledRegion | undefined,
  cache: BucketCache,
  first: number,
  last: number,
): void {
  const rules = zoneRules(evalZone);
  const lo = first * BUCKET_MS;
  const hi = (last + 1) * BUCKET_MS;
  let previous = Number.NEGATIVE_INFINITY;
  const local: number[] = [];
  // Wall times differ from instants by at most a day (offsets are within ±14 h).
  w.local(region, lo - DAY_MS, hi + DAY_MS, local);
  // Starts come in order, so buckets fill one after the other.
  let k = first;
  let bucket: number[] = [];
  for (let i = 0; i < local.length; i += 2) {
    const startWall = local[i] as number;
    const endWall = local[i + 1] as number;
    const startMs = rules.toEpoch(startWall);
    if (startMs < lo || startMs >= hi) continue;
    if (w.untilEpochMs !== undefined && startMs > w.untilEpochMs) continue;
    let endMs = !Number.isNaN(endWall)
      ? rules.toEpoch(endWall)
      : w.duration
        ? addDuration(rules, startMs, w.duration)
        : startMs;
    // A span whose wall-clock end falls in a gap before its shifted start is empty, not negative.
    if (endMs < startMs) endMs = startMs;
    if (startMs < previous) throw new Error(`occurrences of ${w.calendar}/${w.spec.name} out of order`);
    previous = startMs;
    const target = Math.floor(startMs / BUCKET_MS);
    while (k < target) {
      cache.set(k++, bucket.length ? new Float64Array(bucket) : EMPTY);
      bucket = [];
    }
    bucket.push(startMs, endMs, startWall);
  }
  for (; k <= last; k++) {
    cache.set(k, bucket.length ? new Float64Array(bucket) : EMPTY);
    bucket = [];
  }
}

/**
 * Calls `visit(startMs, endMs, nominalWall)` for each occurrence of `w` overlapping [fromMs, toMs),
 * in start order, computing missing buckets first. Zero-length occurrences (see fillBuckets) count
 * when they start inside the range.
 */
function forEachSpan(
  resolved: ResolvedEnvironment,
  bound: BoundWindow,
  fromMs: number,
  toMs: number,
  visit: (startMs: number, endMs: number, nominalWall: number) => void,
): void {
  const { compiled: w, evalZone, cache } = bound;
  const first = Math.floor((fromMs - w.maxSpanMs) / BUCKET_MS);
  const last = Math.floor((toMs - 1) / BUCKET_MS);
  for (let k = first; k <= last; k++) {
    let bucket = cache.get(k);
    if (!bucket) {
      // Fill a few buckets past the request too: one pass over 4 months costs little more than
      // over one, and the next-allowed search walks forward.
      let end = k;
      while (end < last + FILL_AHEAD && !cache.has(end + 1)) end++;
      fillBuckets(w, evalZone, resolved.region, cache, k, end);
      bucket = cache.get(k) ?? EMPTY;
    }
    for (let i = 0; i < bucket.length; i += 3) {
      const startMs = bucket[i] as number;
      const endMs = bucket[i + 1] as number;
      if (startMs >= toMs) return;
      if (endMs > fromMs || (endMs === startMs && startMs >= fromMs))
        visit(startMs, endMs, bucket[i + 2] as number);
    }
  }
}

/** True when `scope` selects `env` (see {@link ScopeSpec}). */
export function scopeMatches(scope: ScopeSpec | undefined, env: EnvironmentContext): boolean {
  if (!scope) return true;
  if (scope.tenants && !scope.tenants.includes(env.tenant)) return false;
  if (scope.environments && !scope.environments.includes(env.id)) return false;
  if (scope.kinds && !scope.kinds.includes(env.kind)) return false;
  if (scope.regions && !scope.regions.includes(env.region)) return false;
  return true;
}

const calendarIndex = new WeakMap<readonly CalendarSpec[], Map<string, CalendarSpec>>();
const regionIndex = new WeakMap<readonly RegionSpec[], Map<string, RegionSpec>>();

function byName<T extends { readonly name: string }>(
  index: WeakMap<readonly T[], Map<string, T>>,
  list: readonly T[],
): Map<string, T> {
  let m = index.get(list);
  if (!m) {
    m = new Map(list.map((x) => [x.name, x]));
    index.set(list, m);
  }
  return m;
}

/** A window bound to the zone and cache it is read with for one environment. */
export interface BoundWindow {
  readonly compiled: CompiledWindow;
  readonly spec: WindowSpec;
  readonly evalZone: string;
  readonly floating: boolean;
  readonly cache: BucketCache;
}

/** The windows in force for an environment, with its region, ready to expand. */
export interface ResolvedEnvironment {
  readonly environment: EnvironmentContext;
  readonly region: CompiledRegion | undefined;
  readonly display: ZoneRules;
  readonly windows: readonly BoundWindow[];
}

/**
 * Finds the environment's calendars and region and the windows whose scope selects it. A missing
 * calendar, region or zone is an estate defect (see `checkCalendarReferences`) and throws
 * `estate-invalid`.
 */
export function resolveEnvironment(section: CalendarSection, env: EnvironmentContext): ResolvedEnvironment {
  // Callers rebuild environment contexts per request, so the cache key is their content.
  let byRegions = resolvedCache.get(section.calendars);
  if (!byRegions) {
    byRegions = new WeakMap();
    resolvedCache.set(section.calendars, byRegions);
  }
  let byEnv = byRegions.get(section.regions);
  if (!byEnv) {
    byEnv = new Map();
    byRegions.set(section.regions, byEnv);
  }
  const key = [env.id, env.tenant, env.kind, env.region, env.timezone, ...env.calendars].join("\u0000");
  const known = byEnv.get(key);
  if (known) return known.environment === env ? known : { ...known, environment: env };
  const resolved = resolveUncached(section, env);
  byEnv.set(key, resolved);
  return resolved;
}

const resolvedCache = new WeakMap<
  readonly CalendarSpec[],
  WeakMap<readonly RegionSpec[], Map<string, ResolvedEnvironment>>
>();

/**
 * Compiles every calendar and region of the section ahead of use, e.g. when the estate is loaded,
 * and expands recurrence rules from their DTSTART through `through` (say, a year ahead), so that
 * the first decisions afterwards do not pay for it. Optional: everything is done lazily otherwise.
 */
export function prepareCalendars(section: CalendarSection, through?: Temporal.Instant): void {
  for (const region of section.regions) compileRegion(region);
  // Wall-clock bound: the latest wall time of that instant in any zone (offsets are within ±14 h).
  const to = through === undefined ? undefined : through.epochMilliseconds + DAY_MS;
  for (const calendar of section.calendars) {
    for (const w of compileCalendar(calendar).windows) if (to !== undefined) w.prepare?.(to);
  }
}

function resolveUncached(section: CalendarSection, env: EnvironmentContext): ResolvedEnvironment {
  const calendars = byName(calendarIndex, section.calendars);
  const regionSpec = byName(regionIndex, section.regions).get(env.region);
  const region = regionSpec ? compileRegion(regionSpec) : undefined;
  const windows: BoundWindow[] = [];
  for (const name of env.calendars) {
    const spec = calendars.get(name);
    if (!spec) {
      throw new OrcError(
        "estate-invalid",
        `environment ${env.id} uses calendar "${name}", which is not defined`,
        {
          environment: env.id,
          calendar: name,
        },
      );
    }
    for (const w of compileCalendar(spec).windows) {
      if (!scopeMatches(w.spec.scope, env)) continue;
      if (w.needsRegion && !region) {
        throw new OrcError(
          "estate-invalid",
          `window ${name}/${w.spec.name} needs the region of environment ${env.id}, but region "${env.region}" is not defined`,
          { environment: env.id, calendar: name, window: w.spec.name, region: env.region },
        );
      }
      const evalZone = evaluationZone(w, env, region);
      windows.push({
        compiled: w,
        spec: w.spec,
        evalZone,
        floating: w.spec.timezone === undefined && !w.spec.outsideTradingHours,
        cache: cacheFor(w, evalZone, region),
      });
    }
  }
  return { environment: env, region, display: zoneRules(env.timezone), windows };
}

/** Occurrences of one window overlapping [fromMs, toMs), appended to `out`. */
function windowOccurrences(
  resolved: ResolvedEnvironment,
  bound: BoundWindow,
  fromMs: number,
  toMs: number,
  out: Occurrence[],
): void {
  const { compiled: w, evalZone, floating } = bound;
  forEachSpan(resolved, bound, fromMs, toMs, (startMs, endMs, nominal) => {
    out.push(
      new OccurrenceRecord(w.calendar, w.spec, resolved.display, evalZone, floating, startMs, endMs, nominal),
    );
  });
}

/**
 * The union of the occurrences (of the windows `select` accepts) overlapping [fromMs, toMs), as
 * sorted, disjoint `[start, end]` pairs; touching spans join and empty ones drop. Works on numbers
 * only, for the next-allowed search.
 */
export function spanUnion(
  resolved: ResolvedEnvironment,
  fromMs: number,
  toMs: number,
  select: (window: WindowSpec) => boolean,
): (readonly [number, number])[] {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const w of resolved.windows) {
    if (!select(w.spec)) continue;
    forEachSpan(resolved, w, fromMs, toMs, (startMs, endMs) => {
      if (endMs > startMs) {
        starts.push(startMs);
        ends.push(endMs);
      }
    });
  }
  const order = starts.map((_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number));
  const out: [number, number][] = [];
  for (const i of order) {
    const s = starts[i] as number;
    const e = ends[i] as number;
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Orders occurrences by start, then end, freezes before maintenance, then calendar and window. */
export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return (
    a.startMs - b.startMs ||
    a.endMs - b.endMs ||
    (a.kind === b.kind ? 0 : a.kind === "freeze" ? -1 : 1) ||
    (a.calendar < b.calendar ? -1 : a.calendar > b.calendar ? 1 : 0) ||
    (a.window.name < b.window.name ? -1 : a.window.name > b.window.name ? 1 : 0)
  );
}

/**
 * Sorts occurrences in {@link compareOccurrences} order. A comparison sort of a year of agenda
 * (thousands of occurrences, 1,000 environments) dominated the benchmark, so occurrences are first
 * distributed into hour-long slots by start (a counting sort) and only each slot is sorted.
 */
function sortOccurrences(list: Occurrence[], fromMs: number, toMs: number): Occurrence[] {
  if (list.length < 64) return list.sort(compareOccurrences);
  const slotMs = Math.max(3_600_000, Math.ceil((toMs - fromMs) / 262_144));
  const slots = Math.floor((toMs - fromMs) / slotMs) + 2;
  const slotOf = new Int32Array(list.length);
  const counts = new Int32Array(slots + 1);
  for (let i = 0; i < list.length; i++) {
    // Slot 0 collects the occurrences that started before the range.
    const slot = Math.min(
      slots - 1,
      Math.max(0, Math.floor(((list[i] as Occurrence).startMs - fromMs) / slotMs) + 1),
    );
    slotOf[i] = slot;
    counts[slot + 1] = (counts[slot + 1] as number) + 1;
  }
  for (let i = 1; i <= slots; i++) counts[i] = (counts[i] as number) + (counts[i - 1] as number);
  const out = new Array<Occurrence>(list.length);
  const next = counts.slice(0, slots);
  for (let i = 0; i < list.length; i++) {
    const slot = slotOf[i] as number;
    out[next[slot] as number] = list[i] as Occurrence;
    next[slot] = (next[slot] as number) + 1;
  }
  for (let slot = 0; slot < slots; slot++) {
    const a = counts[slot] as number;
    const b = counts[slot + 1] as number;
    // Insertion sort: a slot holds a handful of occurrences.
    for (let i = a + 1; i < b; i++) {
      const o = out[i] as Occurrence;
      let j = i - 1;
      while (
        j >= a &&
        (out[j] as Occurrence).startMs >= o.startMs &&
        compareOccurrences(out[j] as Occurrence, o) > 0
      ) {
        out[j + 1] = out[j] as Occurrence;
        j--;
      }
      out[j + 1] = o;
    }
  }
  return out;
}

/** Occurrences of the resolved windows overlapping [fromMs, toMs), optionally of one kind, sorted. */
export function occurrencesBetween(
  resolved: ResolvedEnvironment,
  fromMs: number,
  toMs: number,
  kind?: WindowKind,
): Occurrence[] {
  const out: Occurrence[] = [];
  for (const w of resolved.windows) {
    if (kind === undefined || w.spec.kind === kind) windowOccurrences(resolved, w, fromMs, toMs, out);
  }
  return sortOccurrences(out, fromMs, toMs);
}

/**
 * Every occurrence of the environment's windows that overlaps [from, to), sorted by start. Floating
 * windows are read in the environment's zone, windows with a `timezone` in theirs, trading hours in
 * the region's; local times in the result are the environment's.
 */
export function expandWindows(
  section: CalendarSection,
  environment: EnvironmentContext,
  from: Temporal.Instant,
  to: Temporal.Instant,
): Occurrence[] {
  return occurrencesBetween(
    resolveEnvironment(section, environment),
    from.epochMilliseconds,
    to.epochMilliseconds,
  );
}
