import { Temporal } from "temporal-polyfill";
import { DAY_MS, parseWall, type WallMs } from "./wall-clock.js";

/**
 * IANA time zones: validation, and fast conversion between instants and wall-clock times.
 *
 * Conversions follow RFC 5545 §3.3.5 (and Temporal's `disambiguation: "compatible"`): a wall time in
 * a spring-forward gap is read with the offset in force before the gap (so 02:30 becomes 03:30 when
 * clocks jump from 02:00 to 03:00); a wall time repeated by a fall-back transition means its first
 * occurrence. The offsets come from Temporal (which reads the platform's tz database); they are
 * cached in per-zone tables because a Temporal conversion costs 10–20 µs and expansion does millions.
 */

/** Outcome of checking a time-zone name. */
export type TimeZoneCheck =
  { readonly ok: true } | { readonly ok: false; readonly message: string; readonly hint?: string };

const checked = new Map<string, TimeZoneCheck>();
let supported: ReadonlySet<string> | undefined;

/**
 * Checks that `name` is an IANA time-zone identifier the runtime knows, spelled exactly. Links such
 * as `US/Eastern` or `Asia/Calcutta` are accepted (they are IANA names); UTC offsets such as `+01:00`
 * are not, because a fixed offset ignores daylight-saving time.
 */
export function checkTimeZone(name: string): TimeZoneCheck {
  const known = checked.get(name);
  if (known) return known;
  const result = checkUncached(name);
  // Names can come from API input: keep the memo bounded.
  if (checked.size > 10_000) checked.clear();
  checked.set(name, result);
  return result;
}

function checkUncached(name: string): TimeZoneCheck {
  if (/^[+-]\d/.test(name)) {
    return {
      ok: false,
      message: `"${name}" is a UTC offset, not an IANA time zone`,
      hint: "use a zone name such as Europe/Berlin so that daylight-saving time is applied",
    };
  }
  supported ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (supported.has(name)) return { ok: true };
  // Intl lists canonical names only (not UTC, nor links like US/Eastern or newer names like
  // Europe/Kyiv on older ICU), so fall back to asking Temporal whether the zone resolves.
  let id: string;
  try {
    id = new Temporal.ZonedDateTime(0n, name).timeZoneId;
  } catch {
    return {
      ok: false,
      message: `unknown time zone "${name}"`,
      hint: "use an IANA zone name such as Europe/Berlin, America/New_York or Asia/Singapore",
    };
  }
  if (id !== name) {
    return {
      ok: false,
      message: `time zone "${name}" is not spelled canonically`,
      hint: `did you mean "${id}"?`,
    };
  }
  return { ok: true };
}

/** True when {@link checkTimeZone} accepts `name`. */
export function isTimeZone(name: string): boolean {
  return checkTimeZone(name).ok;
}

/** Offsets of one zone for one bucket of time: the offset at its start and the transitions inside. */
interface OffsetBucket {
  readonly startOffset: number;
  readonly at: readonly number[];
  readonly offsets: readonly number[];
}

/** Conversions for one zone; obtain with {@link zoneRules}. */
export interface ZoneRules {
  readonly id: string;
  /** UTC offset in milliseconds in force at `epochMs`. */
  offsetAt(epochMs: number): number;
  /** The instant (epoch ms) of a wall time, with RFC 5545 gap/fold handling (see file comment). */
  toEpoch(wall: WallMs): number;
  /** The wall time at an instant. */
  toWall(epochMs: number): WallMs;
}

// Fixed-length buckets (365 days) keep the lookup arithmetic free of calendar computations.
const BUCKET_MS = 365 * DAY_MS;
const rulesById = new Map<string, ZoneRules>();

/** Conversion rules for a zone that {@link checkTimeZone} accepted (memoized). */
export function zoneRules(id: string): ZoneRules {
  let rules = rulesById.get(id);
  if (!rules) {
    rules = makeZoneRules(id);
    rulesById.set(id, rules);
  }
  return rules;
}

function makeZoneRules(id: string): ZoneRules {
  const buckets = new Map<number, OffsetBucket>();

  function bucket(k: number): OffsetBucket {
    let b = buckets.get(k);
    if (b) return b;
    const start = k * BUCKET_MS;
    const end = start + BUCKET_MS;
    let zdt = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(id);
    const startOffset = zdt.offsetNanoseconds / 1e6;
    const at: number[] = [];
    const offsets: number[] = [];
    for (;;) {
      const next = zdt.getTimeZoneTransition("next");
      if (!next || next.epochMilliseconds >= end) break;
      at.push(next.epochMilliseconds);
      offsets.push(next.offsetNanoseconds / 1e6);
      zdt = next;
    }
    b = { startOffset, at, offsets };
    buckets.set(k, b);
    return b;
  }

  // Conversions come in runs close in time: remember the last bucket used.
  let lastK = Number.NaN;
  let lastBucket: OffsetBucket | undefined;

  function offsetAt(epochMs: number): number {
    const k = Math.floor(epochMs / BUCKET_MS);
    let b: OffsetBucket;
    if (k === lastK && lastBucket) b = lastBucket;
    else {
      b = bucket(k);
      lastK = k;
      lastBucket = b;
    }
    let offset = b.startOffset;
    for (let i = 0; i < b.at.length; i++) {
      if ((b.at[i] as number) > epochMs) break;
      offset = b.offsets[i] as number;
    }
    return offset;
  }

  function toEpoch(wall: WallMs): number {
    // A wall time differs from its instant by at most ±14 h, so the offsets a day either side
    // bracket any transition near it (zones never change offset twice within two days).
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    if (before === after) return wall - before;
    const early = wall - before;
    const late = wall - after;
    const earlyValid = offsetAt(early) === before;
    const lateValid = offsetAt(late) === after;
    if (earlyValid && lateValid) return Math.min(early, late); // fold: first occurrence
    if (earlyValid) return early;
    if (lateValid) return late;
    return wall - before; // gap: offset before the gap, i.e. shifted forward by the gap's length
  }

  return { id, offsetAt, toEpoch, toWall: (epochMs) => epochMs + offsetAt(epochMs) };
}

/**
 * Reads a date-time given on the command line or in an API call: either an instant with an offset
 * or `Z` (`2026-11-27T05:00:00Z`, `2026-11-27T06:00+01:00`), or a wall-clock time
 * (`2026-11-27T06:00`) read in `timeZone` with RFC 5545 gap/fold handling. Returns undefined when
 * the text is neither.
 */
export function resolveInstant(text: string, timeZone: string): Temporal.Instant | undefined {
  const wall = parseWall(text);
  if (wall !== undefined) return Temporal.Instant.fromEpochMilliseconds(zoneRules(timeZone).toEpoch(wall));
  try {
    return Temporal.Instant.from(text);
  } catch {
    return undefined;
  }
}
