import { DAY_MS } from "./wall-clock.js";
import type { ZoneRules } from "./time-zone.js";

/**
 * An ISO 8601 duration split the RFC 5545 way: weeks and days are *nominal* (the same wall-clock
 * time N days later, whatever daylight-saving time does in between) and hours, minutes and seconds
 * are *exact* elapsed time. This is also how Temporal's `ZonedDateTime.add` treats them.
 */
export interface WindowDuration {
  /** The text as written, e.g. `P4D`. */
  readonly text: string;
  /** Weeks × 7 + days. */
  readonly nominalDays: number;
  /** Hours, minutes, seconds and fractions, in milliseconds. */
  readonly exactMs: number;
}

export type DurationParse =
  { readonly ok: true; readonly value: WindowDuration } | { readonly ok: false; readonly message: string };

const EXAMPLES = "an ISO 8601 duration such as PT4H, PT90M, P4D, P1W or P1DT6H";
const ISO_DURATION =
  /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
const parsedDurations = new Map<string, DurationParse>();

/** Parses an ISO 8601 duration for a window or a release; years and months are refused. Memoized. */
export function parseDuration(text: string): DurationParse {
  let result = parsedDurations.get(text);
  if (!result) {
    result = parseUncached(text);
    if (parsedDurations.size > 10_000) parsedDurations.clear();
    parsedDurations.set(text, result);
  }
  return result;
}

function parseUncached(text: string): DurationParse {
  const m = ISO_DURATION.exec(text);
  // "P" and "PT" alone are not durations; a fraction is allowed only on the smallest unit given.
  if (!m || /^[+-]?PT?$/i.test(text) || /T$/i.test(text) || /[.,]\d+[HM].*\d/i.test(text)) {
    return { ok: false, message: `"${text}" is not ${EXAMPLES}` };
  }
  const n = (i: number) => Number((m[i] ?? "0").replace(",", "."));
  if (m[1] === "-") return { ok: false, message: `duration "${text}" is negative` };
  if (n(2) !== 0 || n(3) !== 0) {
    return {
      ok: false,
      message: `duration "${text}" uses years or months, which RFC 5545 durations do not have; use weeks or days`,
    };
  }
  const nominalDays = n(4) * 7 + n(5);
  const exactMs = Math.round(n(6) * 3_600_000 + n(7) * 60_000 + n(8) * 1000);
  if (nominalDays === 0 && exactMs === 0) return { ok: false, message: `duration "${text}" is zero` };
  return { ok: true, value: { text, nominalDays, exactMs } };
}

/** Parses a duration that was already validated; throws on a broken invariant. */
export function durationOf(text: string): WindowDuration {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/**
 * The end instant of a span that starts at `startEpoch` in the zone of `rules` and lasts `d`: the
 * nominal days are added to the wall-clock start and read back in the zone (gap/fold handled as
 * for any wall time), then the exact part is added.
 */
export function addDuration(rules: ZoneRules, startEpoch: number, d: WindowDuration): number {
  if (d.nominalDays === 0) return startEpoch + d.exactMs;
  return rules.toEpoch(rules.toWall(startEpoch) + d.nominalDays * DAY_MS) + d.exactMs;
}

/** An upper bound of the elapsed length of `d` (a nominal day lasts at most 26 hours, whatever the zone). */
export function maxSpanMs(d: WindowDuration): number {
  return d.nominalDays * (DAY_MS + 2 * 3_600_000) + d.exactMs;
}
