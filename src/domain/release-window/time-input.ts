import { Temporal } from "temporal-polyfill";
import { resolveInstant } from "../calendar/index.js";

/**
 * Reads a point in time typed by a person: a local date-time `2026-11-27T06:00` (in `zone`, with
 * RFC 5545 gap and fold handling), a date `2026-11-27` (its local midnight, or with `endOfDay` the
 * next midnight, so that a `--to` date includes that day), or an instant with an offset
 * (`2026-11-27T05:00Z`, `2026-11-27T06:00+01:00`). Undefined when the text is none of these.
 */
export function parseTimeInput(
  text: string,
  zone: string,
  options: { readonly endOfDay?: boolean } = {},
): Temporal.Instant | undefined {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    let date: Temporal.PlainDate;
    try {
      date = Temporal.PlainDate.from(trimmed, { overflow: "reject" });
    } catch {
      return undefined;
    }
    const day = options.endOfDay ? date.add({ days: 1 }) : date;
    return resolveInstant(`${day.toString()}T00:00`, zone);
  }
  return resolveInstant(trimmed, zone);
}

/** The sentence for a time that {@link parseTimeInput} cannot read. */
export function timeInputMessage(text: string, zone: string): string {
  return `"${text}" is not a time: give a local time like 2026-11-27T06:00 (read in ${zone}), a date like 2026-11-27, or an instant like 2026-11-27T05:00Z or 2026-11-27T06:00+01:00`;
}

/** Midnight today in `zone` at the instant `now`. */
export function startOfLocalDay(now: Temporal.Instant, zone: string): Temporal.Instant {
  return now.toZonedDateTimeISO(zone).startOfDay().toInstant();
}
